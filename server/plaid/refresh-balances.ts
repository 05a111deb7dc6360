import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { toAccountSnapshot } from "./account-snapshot";
import { callPlaid } from "./call-plaid";
import { decryptItemToken } from "./decrypt-item-token";
import { PlaidRequestError } from "./errors";
import type { ConnectedUserItem } from "./find-user-item";
import { recordItemFailure } from "./record-item-failure";
import { saveAccounts } from "./save-accounts";
import type { PlaidDeps } from "./services";

/**
 * Real-time balances (`/accounts/balance/get`: asks the bank now, slower and rate-limited at
 * Plaid, hence the per-user limit in the router). A login failure marks the item for *Reconnect*.
 * An item removed while the bank answered stays removed: its accounts are not written.
 */
export async function refreshBalances(deps: PlaidDeps, db: Database, item: ConnectedUserItem): Promise<{ updatedAt: Date }> {
  const accessToken = await decryptItemToken(deps, db, item);
  try {
    const data = await callPlaid("/accounts/balance/get", () => deps.client.accountsBalanceGet({ access_token: accessToken }));
    const updatedAt = new Date();
    await db.transaction(async (tx) => {
      // Locks the live item row, so a removal waits for this write or this write sees the removal.
      const [live] = await tx
        .select({ id: plaidItems.id })
        .from(plaidItems)
        .where(and(eq(plaidItems.id, item.id), isNull(plaidItems.removedAt)))
        .for("update");
      if (!live) return;
      await saveAccounts(tx, { itemId: item.id, userId: item.userId }, data.accounts.map(toAccountSnapshot), updatedAt);
      // The user asked for fresh numbers: statement balances and due dates too (queued, coalesced).
      await enqueueJob(tx, { kind: "fetch-liabilities", key: item.id });
    });
    return { updatedAt };
  } catch (error) {
    if (error instanceof PlaidRequestError) await recordItemFailure(db, item.id, error.failure);
    throw error;
  }
}
