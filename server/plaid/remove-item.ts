import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobs, plaidItems } from "@/db/schema";
import { TokenVaultError } from "@/server/crypto/token-vault-error";
import { decryptItemToken } from "./decrypt-item-token";
import type { UserItem } from "./find-user-item";
import { removeItemAtPlaid } from "./remove-item-at-plaid";
import { plaidLogger, type PlaidDeps } from "./services";

/**
 * Disconnects an item: `/item/remove` at Plaid first (if Plaid refuses, nothing changes here and
 * the user can retry), then either forget the token but keep accounts and transactions, or delete
 * it all. Removing an already-disconnected item with `keepData: false` deletes the kept data. A
 * token that cannot be decrypted cannot be used at Plaid either: the item is removed here all the
 * same (it would otherwise be stuck for good) and the skipped Plaid-side removal is logged.
 */
export async function removeItem(deps: PlaidDeps, db: Database, item: UserItem, options: { keepData: boolean }): Promise<void> {
  const log = plaidLogger(deps);
  if (item.accessTokenCiphertext !== null) {
    let accessToken: string | null = null;
    try {
      accessToken = await decryptItemToken(deps, db, { id: item.id, accessTokenCiphertext: item.accessTokenCiphertext });
    } catch (error) {
      if (!(error instanceof TokenVaultError)) throw error;
      log.warn(
        { itemId: item.id, plaidItemId: item.plaidItemId, reason: error.reason },
        "access token unreadable: removing the item here only; /item/remove at Plaid was impossible",
      );
    }
    if (accessToken !== null) await removeItemAtPlaid(deps, accessToken);
  }
  await db.transaction(async (tx) => {
    // Queued work for this item has nothing left to do.
    await tx.delete(jobs).where(and(eq(jobs.key, item.id), eq(jobs.state, "queued")));
    if (options.keepData) {
      await tx
        .update(plaidItems)
        // A removed connection asks nothing more of the user: an old error goes with the token.
        .set({
          accessTokenCiphertext: null,
          accessTokenKeyId: null,
          status: "revoked",
          errorCode: null,
          errorMessage: null,
          removedAt: item.removedAt ?? new Date(),
        })
        .where(eq(plaidItems.id, item.id));
    } else {
      // Accounts and transactions go with it (on delete cascade).
      await tx.delete(plaidItems).where(eq(plaidItems.id, item.id));
    }
  });
  log.info({ itemId: item.id, plaidItemId: item.plaidItemId, keepData: options.keepData }, "bank connection removed");
}
