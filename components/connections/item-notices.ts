import type { Connection } from "./types";

/** How a product reads in "Grant access to …". */
export const PRODUCT_LABELS: Record<Connection["productsNeedingAccess"][number], string> = {
  transactions: "transactions",
  recurring: "recurring payments",
  liabilities: "card and loan details",
};

const day = (date: Date) => new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(date);

/**
 * PENDING_DISCONNECT, as the user should read it: why, and the date to reconnect by. Null when
 * there is nothing to say (no warning, or the connection is already closed).
 */
export function pendingDisconnectNotice(item: Pick<Connection, "pendingDisconnectAt" | "pendingDisconnectReason" | "removedAt" | "institutionName">): {
  headline: string;
  detail: string;
} | null {
  if (!item.pendingDisconnectAt || item.removedAt) return null;
  const name = item.institutionName ?? "Your bank";
  const why =
    item.pendingDisconnectReason === "INSTITUTION_MIGRATION"
      ? `${name} is moving to a new way of connecting`
      : item.pendingDisconnectReason === "INSTITUTION_TOKEN_EXPIRATION"
        ? `Your permission at ${name} is expiring`
        : `${name} will stop sharing data with Ledgerlink`;
  return { headline: `Reconnect before ${day(item.pendingDisconnectAt)}`, detail: `${why}; reconnect so it keeps syncing.` };
}
