import { formatMoney } from "@/components/connections/format-money";
import { formatCategory, formatDate } from "@/components/transactions/format-transaction";
import type { RouterOutputs } from "@/components/trpc/react";
import { formatFrequency, streamTitle } from "./format-recurring";
import styles from "./recurring.module.css";

type Stream = RouterOutputs["recurring"]["list"]["outflows"][number];

/**
 * Streams as a list (not a table) so it reads at any width: name and amount on top; when, how
 * often, category and account under it. Stopped streams say when they last ran instead of next.
 */
export function StreamList({ streams, label, kind }: { streams: Stream[]; label: string; kind: "outflow" | "inflow" | "stopped" }) {
  return (
    <ul className={styles.list} aria-label={label}>
      {streams.map((stream) => {
        const title = streamTitle(stream);
        const amount = formatMoney(stream.averageAmount, stream.currency);
        const when =
          kind === "stopped"
            ? stream.lastDate && `Last ${formatDate(stream.lastDate)}`
            : stream.predictedNextDate
              ? `Next ${formatDate(stream.predictedNextDate)}`
              : "Next date unknown";
        return (
          <li key={stream.streamId} className={styles.stream}>
            <span className={styles.title}>
              {title}
              {stream.status === "EARLY_DETECTION" && kind !== "stopped" && (
                <>
                  {" "}
                  <span className="badge" title="Found from only a few payments so far">
                    New
                  </span>
                </>
              )}
            </span>
            <span className={`${styles.amount} ${kind === "inflow" ? "positive" : ""}`}>
              {kind === "inflow" ? "+" : ""}
              {amount}
            </span>
            <span className={styles.meta}>
              {[when, formatFrequency(stream.frequency), stream.categoryName ?? formatCategory(stream.categoryPrimary), stream.accountName ?? stream.institutionName].filter(Boolean).join(" · ")}
            </span>
            {kind !== "stopped" && stream.frequency !== "MONTHLY" && stream.frequency !== "UNKNOWN" && (
              <span className={styles.monthly}>≈ {formatMoney(stream.monthlyAmount, stream.currency)} a month</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
