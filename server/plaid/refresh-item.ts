import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/server/jobs/job-errors";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { notifyItemHealth } from "@/server/notifications/item-health-notifications";
import { closeRevokedItem } from "./close-revoked-item";
import { decryptItemTokenForJob } from "./decrypt-item-token";
import { isPermanentFailure, PlaidRequestError, type PlaidFailure } from "./errors";
import { purgeRevokedAccounts } from "./purge-revoked-accounts";
import { readItemHealth, statusFromItemGet } from "./read-item-health";
import { itemStatusFor } from "./record-item-failure";
import { plaidLogger, type PlaidDeps } from "./services";

export type RefreshOutcome = { status: ItemStatus; changed: boolean } | { status: "skipped"; reason: string };

/**
 * Reads the truth about an item from `/item/get` after any ITEM webhook (they arrive out of
 * order, so their content is only a hint) and stores its status. An item that comes back to
 * healthy from a broken state is synced, to pick up what it missed meanwhile. Accounts the user
 * revoked (marked by USER_ACCOUNT_REVOKED) lose their data here; an item whose permission was
 * revoked (USER_PERMISSION_REVOKED) is removed at Plaid and kept here as revoked.
 */
export async function refreshItem(deps: { db: Database; plaid: PlaidDeps; now?: () => Date }, itemId: string): Promise<RefreshOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const [item] = await db
    .select({ ciphertext: plaidItems.accessTokenCiphertext, removedAt: plaidItems.removedAt, status: plaidItems.status })
    .from(plaidItems)
    .where(eq(plaidItems.id, itemId));
  if (!item || item.removedAt || !item.ciphertext) return { status: "skipped", reason: "item removed or disconnected" };

  const accessToken = await decryptItemTokenForJob(deps.plaid, db, { id: itemId, accessTokenCiphertext: item.ciphertext });

  let problem: PlaidFailure | null;
  let consentExpiresAt: Date | null = null;
  try {
    ({ problem, consentExpiresAt } = await readItemHealth(deps.plaid, accessToken, now));
  } catch (error) {
    if (!(error instanceof PlaidRequestError)) throw error;
    // /item/get itself can answer with the item's error (ITEM_NOT_FOUND for a removed item).
    if (!itemStatusFor(error.failure)) {
      if (!isPermanentFailure(error.failure) && error.failure.retryable) {
        throw new RetryableJobError(`/item/get ${error.failure.kind}`, error.failure.kind === "rate_limited" ? 60_000 : 0);
      }
      throw new PermanentJobError(`/item/get ${error.failure.kind} ${error.failure.code ?? ""}`.trim());
    }
    problem = error.failure;
  }

  if (problem?.code === "USER_PERMISSION_REVOKED") {
    await closeRevokedItem(deps, itemId, accessToken);
    return { status: "revoked", changed: item.status !== "revoked" };
  }

  const status = statusFromItemGet(problem, consentExpiresAt, now);
  // PENDING_DISCONNECT lives until update mode, or until its date has passed with the item still
  // healthy: then the disconnection did not happen (or changed nothing) and the warning is stale.
  const passed = sql`${plaidItems.pendingDisconnectAt} < ${now.toISOString()}::timestamptz`;
  const staleWarning =
    status === "healthy"
      ? {
          pendingDisconnectReason: sql`case when ${passed} then null else ${plaidItems.pendingDisconnectReason} end`,
          pendingDisconnectAt: sql`case when ${passed} then null else ${plaidItems.pendingDisconnectAt} end`,
        }
      : {};
  // The item may have been removed while /item/get was in flight: then its removal stands.
  const written = await db.transaction(async (tx) => {
    const updated = await tx
      .update(plaidItems)
      .set({ status, errorCode: problem?.code ?? null, errorMessage: problem?.message ?? null, consentExpiresAt, ...staleWarning })
      .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)))
      .returning({ id: plaidItems.id });
    if (updated.length === 0) return false;
    const purged = await purgeRevokedAccounts(tx, itemId);
    if (purged > 0) plaidLogger(deps.plaid).info({ itemId, accounts: purged }, "revoked accounts' data deleted");
    if (status === "healthy" && item.status !== "healthy") await enqueueJob(tx, { kind: "sync-transactions", key: itemId });
    await notifyItemHealth(tx, itemId, now);
    return true;
  });
  if (!written) return { status: "skipped", reason: "item removed during refresh" };
  if (status !== item.status) plaidLogger(deps.plaid).info({ itemId, from: item.status, to: status, code: problem?.code }, "item status changed");
  return { status, changed: status !== item.status };
}
