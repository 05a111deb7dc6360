import { fromUnits, toUnits } from "./decimal-units";

/**
 * The arithmetic of one budget in one month, on decimal strings (exact, BigInt underneath).
 *
 * Spending in a category is money out minus money in (refunds and returns), never below 0 in a
 * month: a refund larger than the month's purchases does not make room for more than the budget.
 */
export function spendingOf(moneyOut: string, moneyIn: string): string {
  const net = toUnits(moneyOut) - toUnits(moneyIn);
  return fromUnits(net > 0n ? net : 0n);
}

/**
 * What rolls into a month: walking the earlier months oldest first, each month's budget plus what
 * it carried in, minus what it spent; overspending empties the carry (it is never negative, so a
 * bad month does not shrink the next month's budget, only leaves nothing to carry).
 */
export function rolloverInto(amount: string, spentPerEarlierMonth: string[]): string {
  const budget = toUnits(amount);
  let carry = 0n;
  for (const spent of spentPerEarlierMonth) {
    const left = budget + carry - toUnits(spent);
    carry = left > 0n ? left : 0n;
  }
  return fromUnits(carry);
}

export type PaceStatus = "on_track" | "over";

export interface BudgetFigures {
  /** The month's amount plus what rolled over. */
  available: string;
  /** Available minus spent; negative once overspent. */
  remaining: string;
  /** Spent as a share of available, 0–100+ (for drawing the bar; a float is fine for pixels). */
  percent: number;
  /** Spent so far plus the recurring bills still due this month. */
  projected: string;
  pace: PaceStatus;
  /** How far the projection passes the budget (null when on track). */
  overBy: string | null;
}

/** A budget's month: on track while spent so far plus the bills still due fits in what is available. */
export function budgetFigures(input: { amount: string; rolledOver: string; spent: string; dueRecurring: string }): BudgetFigures {
  const available = toUnits(input.amount) + toUnits(input.rolledOver);
  const spent = toUnits(input.spent);
  const projected = spent + toUnits(input.dueRecurring);
  const over = projected - available;
  const percent = available > 0n ? Number((spent * 10_000n) / available) / 100 : spent > 0n ? 100 : 0;
  return {
    available: fromUnits(available),
    remaining: fromUnits(available - spent),
    percent,
    projected: fromUnits(projected),
    pace: over > 0n ? "over" : "on_track",
    overBy: over > 0n ? fromUnits(over) : null,
  };
}
