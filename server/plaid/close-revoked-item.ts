import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobs, plaidItems } from "@/db/schema";
import { RetryableJobError } from "@/server/jobs/job-errors";
import { PlaidRequestError } from "./errors";
import { removeItemAtPlaid } from "./remove-item-at-plaid";
import { plaidLogger, type PlaidDeps } from "./services";

export const PERMISSION_REVOKED_MESSAGE =
  "Access was withdrawn at the bank, so Ledgerlink closed this connection. Its accounts and transactions are kept; connect the bank again to resume.";

/**
 * USER_PERMISSION_REVOKED: the user withdrew our access at the bank. Plaid keeps the item (and
 * bills it) until we call /item/remove, and it can never work again: remove it at Plaid, forget
 * the token, and keep the user's data, marked revoked with the reason. Plaid refusing the removal
 * for a passing reason retries the job; the item meanwhile already shows as revoked.
 */
export async function closeRevokedItem(deps: { db: Database; plaid: PlaidDeps }, itemId: string, accessToken: string): Promise<void> {
  const { db } = deps;
  try {
    await removeItemAtPlaid(deps.plaid, accessToken);
  } catch (error) {
    if (!(error instanceof PlaidRequestError)) throw error;
    throw new RetryableJobError(`/item/remove after USER_PERMISSION_REVOKED: ${error.failure.kind} ${error.failure.code ?? ""}`.trim(), error.failure.kind === "rate_limited" ? 60_000 : 0);
  }
  await db.transaction(async (tx) => {
    await tx.delete(jobs).where(and(eq(jobs.key, itemId), eq(jobs.state, "queued")));
    await tx
      .update(plaidItems)
      .set({
        accessTokenCiphertext: null,
        accessTokenKeyId: null,
        status: "revoked",
        errorCode: "USER_PERMISSION_REVOKED",
        errorMessage: PERMISSION_REVOKED_MESSAGE,
        pendingDisconnectReason: null,
        pendingDisconnectAt: null,
        removedAt: new Date(),
      })
      .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)));
  });
  plaidLogger(deps.plaid).info({ itemId }, "permission revoked at the bank: item removed at Plaid, data kept");
}
