import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/server/jobs/job-errors";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { callPlaid } from "./call-plaid";
import { decryptItemTokenForJob } from "./decrypt-item-token";
import { failure, kindOf, PlaidRequestError, type PlaidFailure } from "./errors";
import { itemStatusFor } from "./record-item-failure";
import { plaidLogger, type PlaidDeps } from "./services";

// Plaid warns seven days ahead (PENDING_EXPIRATION / PENDING_DISCONNECT); so does the dashboard.
const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

export type RefreshOutcome = { status: ItemStatus; changed: boolean } | { status: "skipped"; reason: string };

/** The status `/item/get` proves: its error first, then an approaching consent expiry. */
export function statusFromItemGet(error: PlaidFailure | null, consentExpiresAt: Date | null, now: Date): ItemStatus {
  if (error) return itemStatusFor(error) ?? "error";
  if (consentExpiresAt && consentExpiresAt.getTime() - now.getTime() < EXPIRY_WARNING_MS) return "pending_expiration";
  return "healthy";
}

/**
 * Reads the truth about an item from `/item/get` after any ITEM webhook (they arrive out of
 * order, so their content is only a hint) and stores its status. An item that comes back to
 * healthy from a broken state is synced, to pick up what it missed meanwhile.
 */
export async function refreshItem(deps: { db: Database; plaid: PlaidDeps; now?: () => Date }, itemId: string): Promise<RefreshOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const [item] = await db
    .select({ ciphertext: plaidItems.accessTokenCiphertext, removedAt: plaidItems.removedAt, status: plaidItems.status })
    .from(plaidItems)
    .where(eq(plaidItems.id, itemId));
  if (!item || item.removedAt || !item.ciphertext) return { status: "skipped", reason: "item removed or disconnected" };

  const accessToken = decryptItemTokenForJob(deps.plaid.vault, item.ciphertext, itemId);

  let problem: PlaidFailure | null;
  let consentExpiresAt: Date | null = null;
  try {
    const data = await callPlaid("/item/get", () => deps.plaid.client.itemGet({ access_token: accessToken }));
    const plaidError = data.item.error;
    problem = plaidError ? failure(kindOf(plaidError.error_code, plaidError.error_type, null), { code: plaidError.error_code, type: plaidError.error_type }) : null;
    consentExpiresAt = data.item.consent_expiration_time ? new Date(data.item.consent_expiration_time) : null;
  } catch (error) {
    if (!(error instanceof PlaidRequestError)) throw error;
    // /item/get itself can answer with the item's error (ITEM_NOT_FOUND for a revoked item).
    if (!itemStatusFor(error.failure)) {
      if (error.failure.retryable) throw new RetryableJobError(`/item/get ${error.failure.kind}`, error.failure.kind === "rate_limited" ? 60_000 : 0);
      throw new PermanentJobError(`/item/get ${error.failure.kind} ${error.failure.code ?? ""}`.trim());
    }
    problem = error.failure;
  }

  const status = statusFromItemGet(problem, consentExpiresAt, now);
  await db.transaction(async (tx) => {
    await tx
      .update(plaidItems)
      .set({ status, errorCode: problem?.code ?? null, errorMessage: problem?.message ?? null, consentExpiresAt })
      .where(eq(plaidItems.id, itemId));
    if (status === "healthy" && item.status !== "healthy") await enqueueJob(tx, { kind: "sync-transactions", key: itemId });
  });
  if (status !== item.status) plaidLogger(deps.plaid).info({ itemId, from: item.status, to: status, code: problem?.code }, "item status changed");
  return { status, changed: status !== item.status };
}
