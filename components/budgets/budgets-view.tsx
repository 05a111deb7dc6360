"use client";

import Link from "next/link";
import { useState } from "react";
import { formatMonth } from "@/components/overview/format";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { BudgetForm } from "./budget-form";
import { BudgetProgress } from "./budget-progress";
import { BudgetRowActions } from "./budget-row-actions";
import styles from "./budgets.module.css";

const header = (
  <div className="page-header">
    <div>
      <h1>Budgets</h1>
      <p className="muted">What you plan to spend each month, what is spent so far and what your bills will still take.</p>
    </div>
  </div>
);

const thisMonth = () => new Date().toISOString().slice(0, 7);
function shift(month: string, offset: number): string {
  const [year = 0, index = 1] = month.split("-").map(Number);
  return new Date(Date.UTC(year, index - 1 + offset, 1)).toISOString().slice(0, 7);
}

/** /budgets: every budget for a month with its progress and pace, and the form to add one. */
export function BudgetsView() {
  const [month, setMonth] = useState(thisMonth);
  const view = api.budgets.month.useQuery({ month });

  if (view.isPending) {
    return (
      <>
        {header}
        <section className="card" aria-label="Loading budgets">
          <Skeleton lines={5} label="Loading budgets" />
        </section>
      </>
    );
  }
  if (view.error) {
    return (
      <>
        {header}
        <QueryError what="Budgets" message={view.error.message} onRetry={() => void view.refetch()} />
      </>
    );
  }

  const { budgets, categories, currencies } = view.data;
  const current = month === thisMonth();
  return (
    <>
      {header}
      <section className="card" aria-labelledby="budgets-month-heading">
        <div className="section-header">
          <h2 id="budgets-month-heading">{formatMonth(month)}</h2>
          <div className={styles.monthNav}>
            <button type="button" className="button" onClick={() => setMonth(shift(month, -1))}>
              Previous month
            </button>
            {!current && (
              <button type="button" className="button" onClick={() => setMonth(thisMonth())}>
                This month
              </button>
            )}
          </div>
        </div>
        {budgets.length === 0 ? (
          <p className="muted">No budgets yet. Add one below: a category and what you plan to spend on it each month.</p>
        ) : (
          <ul className={styles.list} aria-label={`Budgets for ${formatMonth(month)}`}>
            {budgets.map((budget) => (
              <BudgetProgress key={budget.id} budget={budget}>
                <BudgetRowActions budget={budget} />
              </BudgetProgress>
            ))}
          </ul>
        )}
        <p className="muted" style={{ fontSize: "var(--font-sm)", marginBottom: 0 }}>
          Spent is posted money out minus refunds in each category; transfers between your accounts and card payments are not spending.
          The pace adds the <Link href="/recurring">recurring bills</Link> still due this month.
        </p>
      </section>
      <section className="card" aria-labelledby="budget-form-heading">
        <h2 id="budget-form-heading">Add or change a budget</h2>
        <BudgetForm categories={categories} currencies={currencies} />
      </section>
    </>
  );
}
