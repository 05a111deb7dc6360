import type { AccountBase } from "plaid";

/** One account as Plaid reported it, with money as decimal strings (never floats in storage). */
export interface AccountSnapshot {
  plaidAccountId: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  type: string;
  subtype: string | null;
  currentBalance: string | null;
  availableBalance: string | null;
  creditLimit: string | null;
  isoCurrencyCode: string | null;
  unofficialCurrencyCode: string | null;
}

// JSON gave us a double already; its shortest round-trip text is what Plaid sent.
const money = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

export function toAccountSnapshot(account: AccountBase): AccountSnapshot {
  return {
    plaidAccountId: account.account_id,
    name: account.name,
    officialName: account.official_name ?? null,
    mask: account.mask ?? null,
    type: account.type,
    subtype: account.subtype ?? null,
    currentBalance: money(account.balances.current),
    availableBalance: money(account.balances.available),
    creditLimit: money(account.balances.limit),
    isoCurrencyCode: account.balances.iso_currency_code ?? null,
    unofficialCurrencyCode: account.balances.unofficial_currency_code ?? null,
  };
}
