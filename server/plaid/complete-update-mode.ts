import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { fetchAccounts } from "./fetch-accounts";
import type { ConnectedUserItem } from "./find-user-item";
import { readItemHealth } from "./read-item-health";
import { saveAccounts } from "./save-accounts";
import type { PlaidDeps } from "./services";

/**
 * After Link's update mode succeeded. The public token it gave is never exchanged (the item keeps
 * its access token); instead read the item's health from `/item/get` so the dashboard updates at
 * once, re-read its accounts (update mode may have added some), and queue a sync to catch up on
 * what was missed while it was broken.
 */
export async function completeUpdateMode(deps: PlaidDeps, db: Database, item: ConnectedUserItem, now = new Date()): Promise<void> {
  const { status, problem, consentExpiresAt } = await readItemHealth(deps, item.accessToken, now);
  const fetched = problem ? null : await fetchAccounts(deps, item.accessToken);
  await db.transaction(async (tx) => {
    if (fetched) await saveAccounts(tx, { itemId: item.id, userId: item.userId }, fetched.accounts, now);
    await tx
      .update(plaidItems)
      .set({
        status,
        errorCode: problem?.code ?? null,
        errorMessage: problem?.message ?? null,
        consentExpiresAt,
        ...(fetched ? { newAccountsAvailable: false } : {}),
      })
      .where(eq(plaidItems.id, item.id));
    if (!problem) await enqueueJob(tx, { kind: "sync-transactions", key: item.id });
  });
}
