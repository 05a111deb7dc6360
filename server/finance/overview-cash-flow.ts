import { and, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { transactionMonthTotals } from "@/db/schema";
import { lastMonths, type MonthRange } from "./overview-periods";
import { monthTotalCountsAsSpendingOrIncome } from "./overview-rules";

export interface MonthFlow {
  /** YYYY-MM */
  month: string;
  /** Money out, positive decimal string. */
  spending: string;
  /** Money in, positive decimal string. */
  income: string;
}

/** One currency's months, oldest first; `pending` is this month's not-yet-posted money (not in the totals). */
export interface CurrencyCashFlow {
  currency: string | null;
  months: MonthFlow[];
  pending: { spending: string; income: string };
}

export const CASH_FLOW_MONTHS = 12;

/**
 * Spending and income per month and currency for the last 12 months (this one included).
 * Plaid's sign: a positive amount is money out (spending), a negative one money in (income,
 * refunds included). Only posted transactions count; pending ones are reported apart for this
 * month, because a pending row can still change or vanish. Transfers between own accounts and
 * debt payments never count (see overview-rules.ts). Data of disconnected banks still counts:
 * those transactions happened, and the user chose to keep them. Read from transaction_month_totals
 * (a few rows a month), never from the user's every transaction.
 */
export async function readCashFlow(db: Queryable, userId: string, now: Date): Promise<CurrencyCashFlow[]> {
  const months = lastMonths(now, CASH_FLOW_MONTHS);
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  const m = transactionMonthTotals;
  const month = sql<string>`to_char(${m.month}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      currency: m.currency,
      pending: m.pending,
      spending: sql<string>`sum(${m.moneyOut})::text`,
      income: sql<string>`sum(${m.moneyIn})::text`,
    })
    .from(m)
    .where(and(eq(m.userId, userId), gte(m.month, first.start), lt(m.month, last.end), monthTotalCountsAsSpendingOrIncome))
    .groupBy(m.month, m.currency, m.pending);

  return cashFlowByCurrency(months, rows);
}

/** One row per month, currency and pending flag: spending and income as decimal strings. */
export interface CashFlowRow {
  month: string;
  currency: string | null;
  pending: boolean;
  spending: string;
  income: string;
}

/** Lays the rows out per currency over `months`, zeros where a month had nothing, this month's pending apart. */
export function cashFlowByCurrency(months: MonthRange[], rows: CashFlowRow[]): CurrencyCashFlow[] {
  const last = months.at(-1);
  const byCurrency = new Map<string | null, CurrencyCashFlow>();
  for (const row of rows) {
    let flow = byCurrency.get(row.currency);
    if (!flow) {
      flow = {
        currency: row.currency,
        months: months.map((range) => ({ month: range.month, spending: "0", income: "0" })),
        pending: { spending: "0", income: "0" },
      };
      byCurrency.set(row.currency, flow);
    }
    if (row.pending) {
      if (row.month === last?.month) flow.pending = { spending: row.spending, income: row.income };
      continue;
    }
    const slot = flow.months.find((entry) => entry.month === row.month);
    if (slot) Object.assign(slot, { spending: row.spending, income: row.income });
  }
  return [...byCurrency.values()].sort((a, b) => (a.currency ?? "").localeCompare(b.currency ?? ""));
}
