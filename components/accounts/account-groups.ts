/** The Accounts page's groups, in the order people think about money. */
export const ACCOUNT_GROUPS = [
  { key: "cash", title: "Cash", types: ["depository"] },
  { key: "credit", title: "Credit cards", types: ["credit"] },
  { key: "loan", title: "Loans", types: ["loan"] },
  { key: "investment", title: "Investments", types: ["investment", "brokerage"] },
  { key: "other", title: "Other", types: [] as string[] },
] as const;

export type AccountGroupKey = (typeof ACCOUNT_GROUPS)[number]["key"];

/** Credit cards and loans: their balance is money owed, shown as a negative number. */
export const isDebt = (type: string): boolean => type === "credit" || type === "loan";

export function groupOf(type: string): AccountGroupKey {
  return ACCOUNT_GROUPS.find((group) => (group.types as readonly string[]).includes(type))?.key ?? "other";
}

/** Accounts by group, keeping only groups that have some, each in the input's order. */
export function groupAccounts<T extends { type: string }>(accounts: T[]): { key: AccountGroupKey; title: string; accounts: T[] }[] {
  return ACCOUNT_GROUPS.map((group) => ({ key: group.key, title: group.title, accounts: accounts.filter((account) => groupOf(account.type) === group.key) })).filter(
    (group) => group.accounts.length > 0,
  );
}

/** The balance to show for an account: debts negative, an asset's current (or available) balance. */
export function displayBalance(account: { type: string; currentBalance: string | null; availableBalance: string | null }): string | null {
  if (isDebt(account.type)) {
    if (account.currentBalance === null) return null;
    return account.currentBalance.startsWith("-") ? account.currentBalance.slice(1) : account.currentBalance === "0" ? "0" : `-${account.currentBalance}`;
  }
  return account.currentBalance ?? account.availableBalance;
}
