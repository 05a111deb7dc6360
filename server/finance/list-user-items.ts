import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItemProducts, plaidItems, type ItemStatus, type SyncState } from "@/db/schema";
import { historyStateColumn, type HistoryState } from "./history-state";

/** What the dashboard shows of a connection: never the token or its ciphertext. */
export interface ItemSummary {
  id: string;
  institutionId: string | null;
  institutionName: string | null;
  status: ItemStatus;
  errorCode: string | null;
  errorMessage: string | null;
  consentExpiresAt: Date | null;
  newAccountsAvailable: boolean;
  syncState: SyncState;
  lastSyncedAt: Date | null;
  createdAt: Date;
  /** Set when disconnected at Plaid with the data kept. */
  removedAt: Date | null;
  /** initial → recent (last days imported) → complete (full history); see history-state.ts. */
  historyState: HistoryState;
  /** From ITEM/PENDING_DISCONNECT: Plaid's reason and the date the item stops working unless reconnected. */
  pendingDisconnectReason: string | null;
  pendingDisconnectAt: Date | null;
  /** Products whose permission the user withheld at an OAuth bank (ACCESS_NOT_GRANTED): offer "Grant access". */
  productsNeedingAccess: ("transactions" | "recurring" | "liabilities")[];
}

const summaryColumns = {
  id: plaidItems.id,
  institutionId: plaidItems.institutionId,
  institutionName: plaidItems.institutionName,
  status: plaidItems.status,
  errorCode: plaidItems.errorCode,
  errorMessage: plaidItems.errorMessage,
  consentExpiresAt: plaidItems.consentExpiresAt,
  newAccountsAvailable: plaidItems.newAccountsAvailable,
  syncState: plaidItems.syncState,
  lastSyncedAt: plaidItems.lastSyncedAt,
  createdAt: plaidItems.createdAt,
  removedAt: plaidItems.removedAt,
  historyState: historyStateColumn,
  pendingDisconnectReason: plaidItems.pendingDisconnectReason,
  pendingDisconnectAt: plaidItems.pendingDisconnectAt,
  productsNeedingAccess: sql<ItemSummary["productsNeedingAccess"]>`coalesce((
    select array_agg(p.product order by p.product) from ${plaidItemProducts} p
    where p.item_id = ${plaidItems.id} and p.unavailable_code = 'ACCESS_NOT_GRANTED'), '{}')`,
};

/** The user's connections, oldest first; with `itemId`, that one only (if it is theirs). */
export async function listUserItems(db: Queryable, scope: { userId: string; itemId?: string }): Promise<ItemSummary[]> {
  return db
    .select(summaryColumns)
    .from(plaidItems)
    .where(and(eq(plaidItems.userId, scope.userId), scope.itemId ? eq(plaidItems.id, scope.itemId) : undefined))
    .orderBy(asc(plaidItems.createdAt), asc(plaidItems.id));
}
