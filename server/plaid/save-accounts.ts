import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accountBalanceSnapshots, plaidAccounts } from "@/db/schema";
import type { AccountSnapshot } from "./account-snapshot";

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/**
 * Inserts or updates an item's accounts and balances in one statement. An account id that
 * belongs to a different item is never taken over (the `where` on the update). Each saved
 * balance also becomes that day's snapshot (one per account per UTC day, the latest wins), on
 * the same handle, so the balance history never disagrees with the balance shown.
 */
export async function saveAccounts(
  db: Queryable,
  owner: { itemId: string; userId: string },
  accounts: AccountSnapshot[],
  balanceUpdatedAt: Date,
): Promise<void> {
  if (accounts.length === 0) return;
  const saved = await db
    .insert(plaidAccounts)
    .values(accounts.map((account) => ({ ...account, itemId: owner.itemId, userId: owner.userId, balanceUpdatedAt })))
    .onConflictDoUpdate({
      target: plaidAccounts.plaidAccountId,
      set: {
        name: excluded("name"),
        officialName: excluded("official_name"),
        mask: excluded("mask"),
        type: excluded("type"),
        subtype: excluded("subtype"),
        currentBalance: excluded("current_balance"),
        availableBalance: excluded("available_balance"),
        creditLimit: excluded("credit_limit"),
        isoCurrencyCode: excluded("iso_currency_code"),
        unofficialCurrencyCode: excluded("unofficial_currency_code"),
        balanceUpdatedAt: excluded("balance_updated_at"),
        updatedAt: sql`now()`,
      },
      setWhere: eq(plaidAccounts.itemId, owner.itemId),
    })
    .returning({
      accountId: plaidAccounts.id,
      currentBalance: plaidAccounts.currentBalance,
      availableBalance: plaidAccounts.availableBalance,
      creditLimit: plaidAccounts.creditLimit,
      isoCurrencyCode: plaidAccounts.isoCurrencyCode,
      unofficialCurrencyCode: plaidAccounts.unofficialCurrencyCode,
    });
  if (saved.length === 0) return;
  const day = balanceUpdatedAt.toISOString().slice(0, 10);
  await db
    .insert(accountBalanceSnapshots)
    .values(saved.map((row) => ({ ...row, userId: owner.userId, day, recordedAt: balanceUpdatedAt })))
    .onConflictDoUpdate({
      target: [accountBalanceSnapshots.accountId, accountBalanceSnapshots.day],
      set: {
        currentBalance: excluded("current_balance"),
        availableBalance: excluded("available_balance"),
        creditLimit: excluded("credit_limit"),
        isoCurrencyCode: excluded("iso_currency_code"),
        unofficialCurrencyCode: excluded("unofficial_currency_code"),
        recordedAt: excluded("recorded_at"),
      },
    });
}
