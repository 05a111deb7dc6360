import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidTransactions, recurringStreams } from "@/db/schema";
import { rebuildMonthTotals } from "./sync/refresh-month-totals";

/**
 * USER_ACCOUNT_REVOKED: the user withdrew one account at the bank. Plaid's docs recommend deleting
 * the Plaid-derived data of that account, so its transactions, recurring streams, balances and
 * liabilities (the last two go with the account row) are deleted, and the month totals that fed
 * the overview are rebuilt, all in the caller's transaction. Accounts are marked `revoked_at` by
 * webhook intake; a later re-grant brings the account back through Plaid as a new row.
 */
export async function purgeRevokedAccounts(tx: Queryable, itemId: string): Promise<number> {
  const revoked = await tx
    .select({ id: plaidAccounts.id, plaidAccountId: plaidAccounts.plaidAccountId })
    .from(plaidAccounts)
    .where(and(eq(plaidAccounts.itemId, itemId), isNotNull(plaidAccounts.revokedAt)));
  if (revoked.length === 0) return 0;
  const plaidAccountIds = revoked.map((account) => account.plaidAccountId);
  await tx.delete(plaidTransactions).where(and(eq(plaidTransactions.itemId, itemId), inArray(plaidTransactions.plaidAccountId, plaidAccountIds)));
  await tx.delete(recurringStreams).where(and(eq(recurringStreams.itemId, itemId), inArray(recurringStreams.plaidAccountId, plaidAccountIds)));
  await tx.delete(plaidAccounts).where(inArray(plaidAccounts.id, revoked.map((account) => account.id)));
  await rebuildMonthTotals(tx, itemId);
  return revoked.length;
}
