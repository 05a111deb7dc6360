import { toAccountSnapshot, type AccountSnapshot } from "./account-snapshot";
import { callPlaid } from "./call-plaid";
import type { PlaidDeps } from "./services";

export interface ItemAccounts {
  institutionId: string | null;
  institutionName: string | null;
  accounts: AccountSnapshot[];
}

/** Accounts with Plaid's cached balances (`/accounts/get`): cheap, fine right after Link. */
export async function fetchAccounts(deps: PlaidDeps, accessToken: string): Promise<ItemAccounts> {
  const data = await callPlaid("/accounts/get", () => deps.client.accountsGet({ access_token: accessToken }));
  return {
    institutionId: data.item.institution_id ?? null,
    institutionName: data.item.institution_name ?? null,
    accounts: data.accounts.map(toAccountSnapshot),
  };
}
