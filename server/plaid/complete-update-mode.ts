import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { callPlaid } from "./call-plaid";
import { failure, kindOf } from "./errors";
import { fetchAccounts } from "./fetch-accounts";
import type { ConnectedUserItem } from "./find-user-item";
import { itemStatusFor } from "./record-item-failure";
import { saveAccounts } from "./save-accounts";
import type { PlaidDeps } from "./services";

/**
 * After Link's update mode succeeded. The public token it gave is never exchanged (the item keeps
 * its access token); instead read the item's health from `/item/get` so the dashboard updates at
 * once, then queue a full refresh and a sync to catch up on what was missed while it was broken.
 */
export async function completeUpdateMode(deps: PlaidDeps, db: Database, item: ConnectedUserItem): Promise<void> {
  const data = await callPlaid("/item/get", () => deps.client.itemGet({ access_token: item.accessToken }));
  const plaidError = data.item.error;
  const problem = plaidError ? failure(kindOf(plaidError.error_code, plaidError.error_type, null), { code: plaidError.error_code }) : null;
  const status = problem ? (itemStatusFor(problem) ?? "error") : "healthy";
  // Update mode may have added accounts (account selection), so the list is read again.
  const fetched = problem ? null : await fetchAccounts(deps, item.accessToken);
  await db.transaction(async (tx) => {
    if (fetched) await saveAccounts(tx, { itemId: item.id, userId: item.userId }, fetched.accounts, new Date());
    await tx
      .update(plaidItems)
      .set({
        status,
        errorCode: problem?.code ?? null,
        errorMessage: problem?.message ?? null,
        consentExpiresAt: data.item.consent_expiration_time ? new Date(data.item.consent_expiration_time) : null,
        ...(fetched ? { newAccountsAvailable: false } : {}),
      })
      .where(eq(plaidItems.id, item.id));
    await enqueueJob(tx, { kind: "refresh-item", key: item.id });
    await enqueueJob(tx, { kind: "sync-transactions", key: item.id });
  });
}
