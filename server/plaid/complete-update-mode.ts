import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { decryptItemToken } from "./decrypt-item-token";
import { fetchAccounts } from "./fetch-accounts";
import type { ConnectedUserItem } from "./find-user-item";
import { readItemHealth } from "./read-item-health";
import { forgetAccessNotGranted } from "./record-product-access";
import { saveAccounts } from "./save-accounts";
import type { PlaidDeps } from "./services";

/**
 * After Link's update mode succeeded. The public token it gave is never exchanged (the item keeps
 * its access token); instead read the item's health from `/item/get` so the dashboard updates at
 * once, re-read its accounts (update mode may have added some), and queue a sync to catch up on
 * what was missed while it was broken. An item removed meanwhile stays removed: nothing is written.
 * Update mode is also Plaid's fix for PENDING_DISCONNECT (the warning is cleared) and for
 * ACCESS_NOT_GRANTED (the products it blocked are asked for again).
 */
export async function completeUpdateMode(deps: PlaidDeps, db: Database, item: ConnectedUserItem, now = new Date()): Promise<void> {
  const accessToken = await decryptItemToken(deps, db, item);
  const { status, problem, consentExpiresAt } = await readItemHealth(deps, accessToken, now);
  const fetched = problem ? null : await fetchAccounts(deps, accessToken);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(plaidItems)
      .set({
        status,
        errorCode: problem?.code ?? null,
        errorMessage: problem?.message ?? null,
        consentExpiresAt,
        ...(fetched ? { newAccountsAvailable: false } : {}),
        ...(problem ? {} : { pendingDisconnectReason: null, pendingDisconnectAt: null }),
      })
      .where(and(eq(plaidItems.id, item.id), isNull(plaidItems.removedAt)))
      .returning({ id: plaidItems.id });
    // The update's row lock holds off a removal until this commits.
    if (updated.length === 0) return;
    if (fetched) await saveAccounts(tx, { itemId: item.id, userId: item.userId }, fetched.accounts, now);
    if (problem) return;
    await enqueueJob(tx, { kind: "sync-transactions", key: item.id });
    for (const product of await forgetAccessNotGranted(tx, item.id)) {
      if (product !== "transactions") await enqueueJob(tx, { kind: product === "liabilities" ? "fetch-liabilities" : "fetch-recurring", key: item.id });
    }
  });
}
