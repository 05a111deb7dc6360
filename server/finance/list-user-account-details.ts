import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidItems, type ItemStatus } from "@/db/schema";
import type { AccountSummary } from "./list-user-accounts";
import { accountSummaryColumns } from "./list-user-accounts";

/** An account with the bank it comes from and that connection's state, for the Accounts pages. */
export type AccountDetails = AccountSummary & {
  /** Plaid's id: matches the account in a live identity answer (not a secret). */
  plaidAccountId: string;
  institutionName: string | null;
  itemStatus: ItemStatus;
  /** Set when the bank was disconnected and its data kept: balances stop at that day. */
  itemRemovedAt: Date | null;
  lastSyncedAt: Date | null;
};

/** The user's accounts with their bank; with `accountId`, that one only (if it is theirs). */
export async function listUserAccountDetails(db: Queryable, scope: { userId: string; accountId?: string }): Promise<AccountDetails[]> {
  return db
    .select({
      ...accountSummaryColumns,
      plaidAccountId: plaidAccounts.plaidAccountId,
      institutionName: plaidItems.institutionName,
      itemStatus: plaidItems.status,
      itemRemovedAt: plaidItems.removedAt,
      lastSyncedAt: plaidItems.lastSyncedAt,
    })
    .from(plaidAccounts)
    .innerJoin(plaidItems, and(eq(plaidItems.id, plaidAccounts.itemId), eq(plaidItems.userId, scope.userId)))
    .where(and(eq(plaidAccounts.userId, scope.userId), scope.accountId ? eq(plaidAccounts.id, scope.accountId) : undefined))
    .orderBy(asc(plaidItems.createdAt), asc(plaidAccounts.type), asc(plaidAccounts.name), asc(plaidAccounts.id));
}
