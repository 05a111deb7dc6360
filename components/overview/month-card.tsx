import type { RouterOutputs } from "@/components/trpc/react";
import { compare, subtract } from "./decimal";
import { formatMoney, formatMonth } from "./format";
import { StillImporting } from "./importing-notice";
import styles from "./overview.module.css";

type Overview = RouterOutputs["overview"]["get"];

function Change({ now, before, currency, kind }: { now: string; before: string; currency: string | null; kind: "spending" | "income" }) {
  const order = compare(now, before);
  if (order === 0) return <span className="muted">same as last month</span>;
  const difference = order > 0 ? subtract(now, before) : subtract(before, now);
  // More spending is bad news, more income good news.
  const good = kind === "spending" ? order < 0 : order > 0;
  return (
    <span className={good ? "positive" : "negative"}>
      {formatMoney(difference, currency)} {order > 0 ? "more" : "less"} than last month
    </span>
  );
}

/** This month's spending and income against last month, per currency; pending rows apart. */
export function MonthCard({ overview, importing = false }: { overview: Overview; importing?: boolean }) {
  return (
    <section className="card" aria-labelledby="month-heading">
      <div className="section-header">
        <h2 id="month-heading">{formatMonth(overview.thisMonth)}</h2>
        <span className={styles.headerEnd}>
          {importing && <StillImporting />}
          <span className="muted">vs {formatMonth(overview.lastMonth)}</span>
        </span>
      </div>
      {overview.cashFlow.length === 0 ? (
        <p className="muted">No spending or income in the last 12 months yet.</p>
      ) : (
        <div className="stack">
          {overview.cashFlow.map((flow) => {
            const thisMonth = flow.months.at(-1);
            const lastMonth = flow.months.at(-2);
            if (!thisMonth || !lastMonth) return null;
            const pending = compare(flow.pending.spending, "0") > 0 || compare(flow.pending.income, "0") > 0;
            return (
              <div key={flow.currency ?? "none"} className={styles.figures} data-testid={`month-${flow.currency ?? "none"}`}>
                <div className={styles.figure}>
                  <span className={styles.figureLabel}>Spending{overview.cashFlow.length > 1 ? ` (${flow.currency})` : ""}</span>
                  <span className={styles.figureValue}>{formatMoney(thisMonth.spending, flow.currency)}</span>
                  <Change now={thisMonth.spending} before={lastMonth.spending} currency={flow.currency} kind="spending" />
                </div>
                <div className={styles.figure}>
                  <span className={styles.figureLabel}>Income{overview.cashFlow.length > 1 ? ` (${flow.currency})` : ""}</span>
                  <span className={`${styles.figureValue} positive`}>{formatMoney(thisMonth.income, flow.currency)}</span>
                  <Change now={thisMonth.income} before={lastMonth.income} currency={flow.currency} kind="income" />
                </div>
                {pending && (
                  <p className={styles.figureNote}>
                    Not counted yet (pending): {formatMoney(flow.pending.spending, flow.currency)} out, {formatMoney(flow.pending.income, flow.currency)} in.
                  </p>
                )}
              </div>
            );
          })}
        </div>
      )}
      <p className={styles.figureNote}>Posted transactions only. Transfers between your accounts and card or loan payments are not spending or income.</p>
    </section>
  );
}
