import type { Database } from "@/db/client";
import { toAccountSnapshot } from "./account-snapshot";
import { callPlaid } from "./call-plaid";
import { PlaidRequestError } from "./errors";
import type { ConnectedUserItem } from "./find-user-item";
import { recordItemFailure } from "./record-item-failure";
import { saveAccounts } from "./save-accounts";
import type { PlaidDeps } from "./services";

/**
 * Real-time balances (`/accounts/balance/get`: asks the bank now, slower and rate-limited at
 * Plaid, hence the per-user limit in the router). A login failure marks the item for *Reconnect*.
 */
export async function refreshBalances(deps: PlaidDeps, db: Database, item: ConnectedUserItem): Promise<{ updatedAt: Date }> {
  try {
    const data = await callPlaid("/accounts/balance/get", () => deps.client.accountsBalanceGet({ access_token: item.accessToken }));
    const updatedAt = new Date();
    await saveAccounts(db, { itemId: item.id, userId: item.userId }, data.accounts.map(toAccountSnapshot), updatedAt);
    return { updatedAt };
  } catch (error) {
    if (error instanceof PlaidRequestError) await recordItemFailure(db, item.id, error.failure);
    throw error;
  }
}
