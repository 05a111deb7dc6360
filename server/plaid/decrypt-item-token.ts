import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { TokenVaultError } from "@/server/crypto/token-vault-error";
import { PermanentJobError } from "@/server/jobs/job-errors";
import { plaidLogger, type PlaidDeps } from "./services";

/** The item's error code when its stored access token cannot be decrypted. */
export const ACCESS_TOKEN_UNREADABLE = "ACCESS_TOKEN_UNREADABLE";
export const ACCESS_TOKEN_UNREADABLE_MESSAGE = "We can't read this connection's credentials. Remove it and connect the bank again.";

/** An item whose token is still stored (not removed at Plaid). */
export interface SealedItem {
  id: string;
  accessTokenCiphertext: string;
}

/**
 * The stored access token, decrypted right before a Plaid call and only there (AAD = the row id,
 * so a ciphertext copied from another row fails). A token that cannot be decrypted (its key was
 * dropped from TOKEN_ENCRYPTION_KEYS, the row was tampered with) never will be: the item is marked
 * `error` with ACCESS_TOKEN_UNREADABLE and a message saying what to do, and the TokenVaultError
 * is rethrown for the caller to report.
 */
export async function decryptItemToken(deps: PlaidDeps, db: Queryable, item: SealedItem): Promise<string> {
  try {
    return deps.vault.decrypt(item.accessTokenCiphertext, item.id);
  } catch (error) {
    if (!(error instanceof TokenVaultError)) throw error;
    await db
      .update(plaidItems)
      .set({ status: "error", errorCode: ACCESS_TOKEN_UNREADABLE, errorMessage: ACCESS_TOKEN_UNREADABLE_MESSAGE })
      .where(and(eq(plaidItems.id, item.id), isNull(plaidItems.removedAt)));
    plaidLogger(deps).error({ itemId: item.id, reason: error.reason }, "stored access token cannot be decrypted; item marked for removal");
    throw error;
  }
}

/**
 * The same for background work: the job finishes as failed with the reason (a retry cannot help),
 * and the item already tells the user what to do, so nothing is parked silently.
 */
export async function decryptItemTokenForJob(deps: PlaidDeps, db: Queryable, item: SealedItem): Promise<string> {
  try {
    return await decryptItemToken(deps, db, item);
  } catch (error) {
    if (!(error instanceof TokenVaultError)) throw error;
    throw new PermanentJobError(`${ACCESS_TOKEN_UNREADABLE}: ${error.message}`);
  }
}
