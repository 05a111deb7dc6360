import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItemProducts, plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";

/**
 * After a sync: once the item's full history is in (historical_update_complete), its recurring
 * streams can be asked for. Only while the item has never had an answer about them: after the
 * first call Plaid sends RECURRING_TRANSACTIONS_UPDATE when they change, and an item that cannot
 * have them keeps its recorded reason instead of being asked at every sync.
 */
export async function enqueueRecurringFetchIfDue(db: Queryable, itemId: string): Promise<boolean> {
  const [due] = await db
    .select({ id: plaidItems.id })
    .from(plaidItems)
    .leftJoin(plaidItemProducts, and(eq(plaidItemProducts.itemId, plaidItems.id), eq(plaidItemProducts.product, "recurring")))
    .where(and(eq(plaidItems.id, itemId), eq(plaidItems.historicalUpdateComplete, true), isNull(plaidItems.removedAt), isNull(plaidItemProducts.itemId)));
  if (!due) return false;
  await enqueueJob(db, { kind: "fetch-recurring", key: itemId });
  return true;
}
