import type { RouterOutputs } from "@/components/trpc/react";
import { formatAmount } from "./format-transaction";
import styles from "./explorer.module.css";

type Summary = RouterOutputs["transactions"]["summary"];

/** The summary's figures are magnitudes (in, out) and a display-signed net; formatAmount wants Plaid's sign. */
const plaidSign = (displayAmount: string) => (displayAmount.startsWith("-") ? displayAmount.slice(1) : `-${displayAmount}`);

/** How many rows match and their totals, one line per currency (never added across currencies). */
export function ExplorerSummary({ summary, stale }: { summary: Summary | undefined; stale: boolean }) {
  if (!summary) return <p className={`muted ${styles.summary}`}>Counting…</p>;
  return (
    <div className={`${styles.summary} ${stale ? styles.stale : ""}`} role="status" aria-live="polite" aria-atomic="true" aria-busy={stale}>
      <p className={styles.count} data-testid="transactions-count" data-count={summary.count} data-stale={stale}>
        {summary.count.toLocaleString()} {summary.count === 1 ? "transaction" : "transactions"}
      </p>
      {summary.byCurrency.length > 0 && (
        <ul className={styles.totals} aria-label="Totals by currency">
          {summary.byCurrency.map((line) => {
            const currency = line.currency;
            const net = formatAmount(plaidSign(line.net), currency);
            return (
              <li key={currency ?? "none"}>
                <span className={styles.currency}>{currency ?? "No currency"}</span>
                <span className={/^[0.]*$/.test(line.moneyIn) ? undefined : styles.inflow}>{formatAmount(plaidSign(line.moneyIn), currency).text} in</span>
                <span>{formatAmount(line.moneyOut, currency).text} out</span>
                <span>
                  net <span className={net.direction === "in" ? styles.inflow : undefined}>{net.text}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
