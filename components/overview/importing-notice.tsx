import { HistoryProgress, historyProgressText } from "@/components/connections/history-progress";
import type { Connection } from "@/components/connections/types";
import type { RouterOutputs } from "@/components/trpc/react";
import styles from "./overview.module.css";

type ItemRef = RouterOutputs["overview"]["get"]["importState"]["importing"][number];

const names = (items: ItemRef[]) => items.map((item) => item.institutionName ?? "your bank").join(", ");

/** Whether any live connection's history is still arriving (the figures are not final yet). */
export const historyIncomplete = (items: Connection[]) => items.some((item) => historyProgressText(item) !== null);

/**
 * While a first sync is still importing, say so instead of letting zeros read as "no spending";
 * and, per connection, how far its history has arrived (Plaid's last 30 days, then everything).
 */
export function ImportingNotice({ importing, items, everything }: { importing: ItemRef[]; items: Connection[]; everything: boolean }) {
  const arriving = items.filter((item) => historyProgressText(item) !== null);
  if (importing.length === 0 && arriving.length === 0) return null;
  return (
    <div className={`banner info ${styles.importing}`} role="status" aria-label="Import progress">
      {importing.length > 0 && (
        <p>
          {everything
            ? `Importing your transactions from ${names(importing)}… This usually takes under a minute; spending, income and cash flow appear here by themselves.`
            : `Still importing ${names(importing)}: its transactions are not in these figures yet.`}
        </p>
      )}
      {arriving.length > 0 && (
        <ul className={styles.progressList}>
          {arriving.map((item) => (
            <li key={item.id}>
              <HistoryProgress item={item} name={item.institutionName ?? "Your bank"} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A card's marker that its figures will still change: shown while any history is arriving. */
export function StillImporting() {
  return <span className="badge warn">Still importing</span>;
}

export function StillImportingNote() {
  return <p className={styles.figureNote}>Still importing: older transactions are still arriving, so these figures are not final.</p>;
}
