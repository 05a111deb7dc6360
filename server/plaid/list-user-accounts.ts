import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts } from "@/db/schema";

/** An account as the dashboard shows it; balances are decimal strings in the account's currency. */
export interface AccountSummary {
  id: string;
  itemId: string;
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
  balanceUpdatedAt: Date | null;
}

export async function listUserAccounts(db: Queryable, scope: { userId: string; itemId?: string }): Promise<AccountSummary[]> {
  return db
    .select({
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
    })
    .from(plaidAccounts)
    .where(and(eq(plaidAccounts.userId, scope.userId), scope.itemId ? eq(plaidAccounts.itemId, scope.itemId) : undefined))
    .orderBy(asc(plaidAccounts.createdAt), asc(plaidAccounts.name), asc(plaidAccounts.id));
}
