import type { RouterOutputs } from "@/components/trpc/react";
import { negate } from "./decimal";
import { formatSigned } from "./format";
import styles from "./overview.module.css";

type NetWorth = RouterOutputs["overview"]["get"]["netWorth"];

/** Assets minus debts, one figure per currency: currencies are never added together. */
export function NetWorthCard({ netWorth }: { netWorth: NetWorth }) {
  return (
    <section className="card" aria-labelledby="net-worth-heading">
      <div className="section-header">
        <h2 id="net-worth-heading">Net worth</h2>
      </div>
      {netWorth.length === 0 ? (
        <p className="muted">No balances yet. They appear once a connected bank shares its accounts.</p>
      ) : (
        <div className={styles.figures}>
          {netWorth.map((row) => (
            <div key={row.currency ?? "none"} className={styles.figure} data-testid={`net-worth-${row.currency ?? "none"}`}>
              <span className={styles.figureLabel}>{row.currency ?? "No currency"}</span>
              <span className={`${styles.figureValue} ${row.net.startsWith("-") ? "negative" : ""}`}>{formatSigned(row.net, row.currency)}</span>
              <dl className={styles.breakdown}>
                <div>
                  <dt>Assets</dt>
                  <dd>{formatSigned(row.assets, row.currency)}</dd>
                </div>
                <div>
                  <dt>Debts</dt>
                  <dd className="negative">{formatSigned(negate(row.debts), row.currency)}</dd>
                </div>
              </dl>
            </div>
          ))}
        </div>
      )}
      <p className={styles.figureNote}>Credit cards and loans count as debts. Disconnected banks are left out (their balances no longer update).</p>
    </section>
  );
}
