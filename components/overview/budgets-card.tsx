import Link from "next/link";
import { BudgetProgress, type Budget } from "@/components/budgets/budget-progress";
import budgetStyles from "@/components/budgets/budgets.module.css";

/** This month's budgets with their progress and pace (budgets.month). Props only: rendered on the server. */
export function BudgetsCard({ budgets }: { budgets: Budget[] }) {
  return (
    <section className="card" aria-labelledby="budgets-heading">
      <div className="section-header">
        <h2 id="budgets-heading">Budgets this month</h2>
        <Link href="/budgets">{budgets.length === 0 ? "Set a budget" : "All budgets"}</Link>
      </div>
      {budgets.length === 0 ? (
        <p className="muted">No budgets yet. Plan what you spend per category and see here how the month is going.</p>
      ) : (
        <ul className={budgetStyles.list} aria-label="Budgets this month">
          {budgets.map((budget) => (
            <BudgetProgress key={budget.id} budget={budget} />
          ))}
        </ul>
      )}
    </section>
  );
}
