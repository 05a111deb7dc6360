import type { Connection } from "./types";
import styles from "./connections.module.css";

const TEXT: Record<Connection["historyState"], string | null> = {
  initial: "Importing your last 30 days…",
  recent: "Importing your full history…",
  complete: null,
};

/** How far a connection's history has arrived (Plaid's two phases); nothing once it is all in. */
export function historyProgressText(item: Pick<Connection, "historyState" | "removedAt" | "status">): string | null {
  if (item.removedAt !== null || item.status === "revoked") return null;
  return TEXT[item.historyState];
}

export function HistoryProgress({ item, name }: { item: Connection; name?: string }) {
  const text = historyProgressText(item);
  if (!text) return null;
  return (
    <p className={styles.history} data-testid={`history-${item.id}`}>
      <span className={styles.historyDot} aria-hidden="true" />
      {name ? `${name}: ${text}` : text}
    </p>
  );
}
