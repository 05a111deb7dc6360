import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";

/**
 * *Sync now*: a refresh (is the login still good?) and a sync, queued together. Returns false
 * when the item is not the user's or no longer connected, which callers answer as not found.
 */
export async function requestSync(db: Database, scope: { userId: string; itemId: string }): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [item] = await tx
      .select({ id: plaidItems.id })
      .from(plaidItems)
      .where(
        and(
          eq(plaidItems.id, scope.itemId),
          eq(plaidItems.userId, scope.userId),
          isNull(plaidItems.removedAt),
          isNotNull(plaidItems.accessTokenCiphertext),
        ),
      );
    if (!item) return false;
    await enqueueJob(tx, { kind: "refresh-item", key: item.id });
    await enqueueJob(tx, { kind: "sync-transactions", key: item.id });
    return true;
  });
}
