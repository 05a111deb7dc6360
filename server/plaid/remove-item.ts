import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobs, plaidItems } from "@/db/schema";
import type { UserItem } from "./find-user-item";
import { removeItemAtPlaid } from "./remove-item-at-plaid";
import { plaidLogger, type PlaidDeps } from "./services";

/**
 * Disconnects an item: `/item/remove` at Plaid first (if that fails, nothing changes here and the
 * user can retry), then either forget the token but keep accounts and transactions, or delete it
 * all. Removing an already-disconnected item with `keepData: false` deletes the kept data.
 */
export async function removeItem(deps: PlaidDeps, db: Database, item: UserItem, options: { keepData: boolean }): Promise<void> {
  if (item.accessToken !== null) await removeItemAtPlaid(deps, item.accessToken);
  await db.transaction(async (tx) => {
    // Queued work for this item has nothing left to do.
    await tx.delete(jobs).where(and(eq(jobs.key, item.id), eq(jobs.state, "queued")));
    if (options.keepData) {
      await tx
        .update(plaidItems)
        .set({ accessTokenCiphertext: null, accessTokenKeyId: null, status: "revoked", removedAt: item.removedAt ?? new Date() })
        .where(eq(plaidItems.id, item.id));
    } else {
      // Accounts and transactions go with it (on delete cascade).
      await tx.delete(plaidItems).where(eq(plaidItems.id, item.id));
    }
  });
  plaidLogger(deps).info({ itemId: item.id, plaidItemId: item.plaidItemId, keepData: options.keepData }, "bank connection removed");
}
