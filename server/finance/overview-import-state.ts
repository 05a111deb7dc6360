import { and, asc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems } from "@/db/schema";

export interface ImportState {
  /** Connections whose first sync has not landed yet: their numbers would read as zeros. */
  importing: { itemId: string; institutionName: string | null }[];
  /** Connections whose recent days are in but whose older history is still arriving. */
  historyArriving: { itemId: string; institutionName: string | null }[];
}

const FIRST_SYNC_STATES = new Set(["never", "not_ready", "syncing", "failed"]);

/** Which live connections are still importing, so the overview can say so instead of showing zeros. */
export async function readImportState(db: Queryable, userId: string): Promise<ImportState> {
  const items = await db
    .select({
      itemId: plaidItems.id,
      institutionName: plaidItems.institutionName,
      syncState: plaidItems.syncState,
      lastSyncedAt: plaidItems.lastSyncedAt,
      initialUpdateComplete: plaidItems.initialUpdateComplete,
      historicalUpdateComplete: plaidItems.historicalUpdateComplete,
    })
    .from(plaidItems)
    .where(and(eq(plaidItems.userId, userId), isNull(plaidItems.removedAt)))
    .orderBy(asc(plaidItems.createdAt), asc(plaidItems.id));
  const pick = ({ itemId, institutionName }: (typeof items)[number]) => ({ itemId, institutionName });
  return {
    importing: items.filter((item) => item.lastSyncedAt === null && FIRST_SYNC_STATES.has(item.syncState)).map(pick),
    // Only once Plaid said the recent days are ready (INITIAL_UPDATE) is "history still arriving" meaningful.
    historyArriving: items
      .filter((item) => item.lastSyncedAt !== null && item.initialUpdateComplete && !item.historicalUpdateComplete)
      .map(pick),
  };
}
