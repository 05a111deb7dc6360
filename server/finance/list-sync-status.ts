import { asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItemProducts, plaidItems, type ItemStatus, type SyncState } from "@/db/schema";
import { historyStateColumn, type HistoryState } from "./history-state";

export interface ItemSyncStatus {
  id: string;
  institutionName: string | null;
  status: ItemStatus;
  newAccountsAvailable: boolean;
  syncState: SyncState;
  lastSyncedAt: Date | null;
  lastSyncAdded: number | null;
  lastSyncModified: number | null;
  lastSyncRemoved: number | null;
  removedAt: Date | null;
  /** initial → recent (last days imported) → complete (full history); see history-state.ts. */
  historyState: HistoryState;
  /**
   * When recurring streams or liabilities were last fetched (or found unavailable): they land
   * without a sync, and an open page must notice them too.
   */
  productsCheckedAt: Date | null;
}

/**
 * What the dashboard polls: cheap (one small row per item) and enough to know when to refetch
 * the transactions list (`latestSyncAt` moved) or to redraw a card (a status changed).
 */
export async function listSyncStatus(db: Queryable, userId: string): Promise<{ items: ItemSyncStatus[]; latestSyncAt: Date | null }> {
  const items = await db
    .select({
      id: plaidItems.id,
      institutionName: plaidItems.institutionName,
      status: plaidItems.status,
      newAccountsAvailable: plaidItems.newAccountsAvailable,
      syncState: plaidItems.syncState,
      lastSyncedAt: plaidItems.lastSyncedAt,
      lastSyncAdded: plaidItems.lastSyncAdded,
      lastSyncModified: plaidItems.lastSyncModified,
      lastSyncRemoved: plaidItems.lastSyncRemoved,
      removedAt: plaidItems.removedAt,
      historyState: historyStateColumn,
      productsCheckedAt: sql<Date | null>`(select max(p.checked_at) from ${plaidItemProducts} p where p.item_id = ${plaidItems.id})`.mapWith(
        plaidItemProducts.checkedAt,
      ),
    })
    .from(plaidItems)
    .where(eq(plaidItems.userId, userId))
    .orderBy(asc(plaidItems.createdAt), asc(plaidItems.id));
  const latest = items.reduce<Date | null>((acc, item) => (item.lastSyncedAt && (!acc || item.lastSyncedAt > acc) ? item.lastSyncedAt : acc), null);
  return { items, latestSyncAt: latest };
}
