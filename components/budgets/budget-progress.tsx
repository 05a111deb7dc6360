import { formatMoney } from "@/components/connections/format-money";
import type { RouterOutputs } from "@/components/trpc/react";
import { budgetName, paceText } from "./budget-format";
import styles from "./budgets.module.css";

export type Budget = RouterOutputs["budgets"]["month"]["budgets"][number];

/**
 * One budget's bar: spent against what is available (the amount plus any rollover), with the pace.
 * The bar is decoration; the sentence beside it says the same for screen readers. Props only, so
 * it renders on the server (the overview) or the client (the Budgets page).
 */
export function BudgetProgress({ budget, children }: { budget: Budget; children?: React.ReactNode }) {
  const over = budget.pace === "over";
  const left = budget.remaining.startsWith("-") ? `${formatMoney(budget.remaining.slice(1), budget.currency)} over` : `${formatMoney(budget.remaining, budget.currency)} left`;
  return (
    <li className={styles.row} data-testid="budget-row">
      <span className={styles.name}>
        {budgetName(budget)}
        <span className="sr-only"> ({budget.currency})</span>
      </span>
      <span className={styles.figure}>
        {formatMoney(budget.spent, budget.currency)} of {formatMoney(budget.available, budget.currency)}
      </span>
      <span className={styles.bar} aria-hidden="true">
        <span className={styles.fill} data-over={budget.percent > 100 || undefined} style={{ width: `${Math.min(100, Math.max(budget.percent > 0 ? 2 : 0, budget.percent))}%` }} />
      </span>
      <span className={styles.detail}>
        <span>
          {left}
          {budget.rollover && budget.rolledOver !== "0.00" && ` · ${formatMoney(budget.rolledOver, budget.currency)} rolled over`}
          {budget.dueRecurring !== "0.00" && ` · ${formatMoney(budget.dueRecurring, budget.currency)} in bills still due`}
        </span>
        <span className={over ? styles.over : styles.onTrack} data-testid="budget-pace">
          {paceText(budget)}
        </span>
      </span>
      {children}
    </li>
  );
}
