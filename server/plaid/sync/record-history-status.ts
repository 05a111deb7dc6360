import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems } from "@/db/schema";

/**
 * What /transactions/sync's `transactions_update_status` says of the item's history, recorded
 * after its pages are applied. Same flags as SYNC_UPDATES_AVAILABLE's (set at webhook intake),
 * and needed beside them: a webhook can arrive before the exchange stores the item, or never (no
 * public webhook URL). Monotonic: a flag is only ever set, never cleared.
 */
export async function recordHistoryStatus(db: Queryable, itemId: string, status: string | null): Promise<void> {
  const historical = status === "HISTORICAL_UPDATE_COMPLETE";
  const initial = historical || status === "INITIAL_UPDATE_COMPLETE";
  if (!initial) return;
  await db
    .update(plaidItems)
    .set({ initialUpdateComplete: true, ...(historical ? { historicalUpdateComplete: true } : {}) })
    .where(
      and(
        eq(plaidItems.id, itemId),
        isNull(plaidItems.removedAt),
        // Only when something changes: most syncs repeat what the row already says.
        historical ? sql`not ${plaidItems.historicalUpdateComplete}` : sql`not ${plaidItems.initialUpdateComplete}`,
      ),
    );
}
