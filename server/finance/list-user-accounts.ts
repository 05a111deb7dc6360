import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts } from "@/db/schema";
import type { AccountSnapshot } from "@/server/plaid/account-snapshot";

/**
 * An account as the dashboard shows it: what Plaid reported (balances as decimal strings in the
 * account's currency), keyed by our row id instead of Plaid's account id.
 */
export type AccountSummary = Omit<AccountSnapshot, "plaidAccountId"> & {
  id: string;
  itemId: string;
  balanceUpdatedAt: Date | null;
};

/** An account's own columns as every account list shows them; other reads add to these. */
export const accountSummaryColumns = {
  id: plaidAccounts.id,
  itemId: plaidAccounts.itemId,
  name: plaidAccounts.name,
  officialName: plaidAccounts.officialName,
  mask: plaidAccounts.mask,
  type: plaidAccounts.type,
  subtype: plaidAccounts.subtype,
  currentBalance: plaidAccounts.currentBalance,
  availableBalance: plaidAccounts.availableBalance,
  creditLimit: plaidAccounts.creditLimit,
  isoCurrencyCode: plaidAccounts.isoCurrencyCode,
  unofficialCurrencyCode: plaidAccounts.unofficialCurrencyCode,
  balanceUpdatedAt: plaidAccounts.balanceUpdatedAt,
};

export async function listUserAccounts(db: Queryable, scope: { userId: string; itemId?: string }): Promise<AccountSummary[]> {
  return db
    .select(accountSummaryColumns)
    .from(plaidAccounts)
    .where(and(eq(plaidAccounts.userId, scope.userId), scope.itemId ? eq(plaidAccounts.itemId, scope.itemId) : undefined))
    .orderBy(asc(plaidAccounts.createdAt), asc(plaidAccounts.name), asc(plaidAccounts.id));
}
