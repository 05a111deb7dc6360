import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { plaidAccounts, plaidItems, plaidTransactions, users } from "@/db/schema";
import { seedCategories } from "@/server/edits/seed-categories";
import { rebuildMonthTotals } from "@/server/plaid/sync/refresh-month-totals";

/** A transaction as the tests know it, with the ids of its account and bank. */
export interface FixtureRow {
  id: string;
  userId: string;
  bankId: string;
  accountId: string;
  plaidAccountId: string;
  date: string;
  name: string;
  merchantName: string | null;
  categoryPrimary: string | null;
  categoryDetailed: string | null;
  /** Plaid's sign, two decimals. */
  amount: string;
  isoCurrencyCode: string | null;
  unofficialCurrencyCode: string | null;
  pending: boolean;
}

export interface FixtureUser {
  userId: string;
  banks: { id: string; name: string; accounts: { id: string; plaidAccountId: string; name: string; mask: string }[] }[];
  rows: FixtureRow[];
}

const NAMES: [string, string | null, string | null, string | null][] = [
  ["STARBUCKS STORE 1234", "Starbucks", "FOOD_AND_DRINK", "FOOD_AND_DRINK_COFFEE"],
  ["McDonald's #3322", "McDonald's", "FOOD_AND_DRINK", "FOOD_AND_DRINK_FAST_FOOD"],
  ["Uber 063015 SF**POOL**", "Uber", "TRANSPORTATION", "TRANSPORTATION_TAXIS_AND_RIDE_SHARES"],
  ["ACME PAYROLL", null, "INCOME", "INCOME_WAGES"],
  ["United Airlines", "United Airlines", "TRAVEL", "TRAVEL_FLIGHTS"],
  ["Coffee 100% Arabica", "Corner_Store", "GENERAL_MERCHANDISE", "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE"],
  ["Touchstone Climbing", null, null, null],
  ["Drink and Food Hall", "Food Hall", "ENTERTAINMENT", "ENTERTAINMENT_OTHER_ENTERTAINMENT"],
];

const cents = (value: number) => `${value < 0 ? "-" : ""}${Math.floor(Math.abs(value) / 100)}.${String(Math.abs(value) % 100).padStart(2, "0")}`;

/**
 * A deterministic row for index `i`: dates, amounts and names repeat so ties on every sort key
 * exist and only the id breaks them; some amounts are exactly ±4.31, a few rows are in EUR or in
 * an unofficial currency. Ids are same-length letters and digits, so every collation orders them
 * alike.
 */
export function fixtureRow(owner: Omit<FixtureRow, "id" | "date" | "name" | "merchantName" | "categoryPrimary" | "categoryDetailed" | "amount" | "isoCurrencyCode" | "unofficialCurrencyCode" | "pending">, prefix: string, i: number): FixtureRow {
  const [name, merchantName, categoryPrimary, categoryDetailed] = NAMES[i % NAMES.length] ?? ["Unnamed", null, null, null];
  const amountCents = i % 23 === 0 ? 431 : i % 29 === 0 ? -431 : ((i * 7919) % 20000) - 5000;
  return {
    ...owner,
    id: `${prefix}${String(i).padStart(6, "0")}`,
    date: `2026-0${1 + (i % 9)}-${10 + (i % 19)}`,
    name,
    merchantName,
    categoryPrimary,
    categoryDetailed,
    amount: cents(amountCents),
    isoCurrencyCode: i % 17 === 0 ? "EUR" : i % 31 === 0 ? null : "USD",
    unofficialCurrencyCode: i % 31 === 0 && i % 17 !== 0 ? "BTC" : null,
    pending: i % 11 === 0,
  };
}

/** Inserts rows directly, then recomputes their banks' month totals, as the sync does for what it writes. */
export async function insertRows(db: Database, rows: FixtureRow[]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    await db.insert(plaidTransactions).values(
      rows.slice(start, start + 500).map((row) => ({
        plaidTransactionId: row.id,
        itemId: row.bankId,
        userId: row.userId,
        plaidAccountId: row.plaidAccountId,
        amount: row.amount,
        isoCurrencyCode: row.isoCurrencyCode,
        unofficialCurrencyCode: row.unofficialCurrencyCode,
        date: row.date,
        name: row.name,
        merchantName: row.merchantName,
        categoryPrimary: row.categoryPrimary,
        categoryDetailed: row.categoryDetailed,
        pending: row.pending,
      })),
    );
  }
  // As sign-up and the sync do: the owners have their categories before the totals group by them.
  for (const userId of new Set(rows.map((row) => row.userId))) await seedCategories(db, userId);
  for (const bankId of new Set(rows.map((row) => row.bankId))) await rebuildMonthTotals(db, bankId);
}

/** A user with two banks of two accounts each and `count` transactions spread over them. */
export async function seedFixtureUser(db: Database, prefix: string, count: number): Promise<FixtureUser> {
  const userId = randomUUID();
  await db.insert(users).values({ id: userId, email: `${userId}@example.test` });
  const banks: FixtureUser["banks"] = [];
  for (const [b, bankName] of ["First Platypus Bank", "Tattersall Credit Union"].entries()) {
    const [item] = await db
      .insert(plaidItems)
      .values({ userId, plaidItemId: `${prefix}-item-${b}`, institutionName: bankName, accessTokenCiphertext: "v1.k.iv.data", accessTokenKeyId: "k" })
      .returning({ id: plaidItems.id });
    if (!item) throw new Error("no item");
    const accounts = [];
    for (const [a, accountName] of ["Checking", "Savings"].entries()) {
      const plaidAccountId = `${prefix}-acc-${b}${a}`;
      const [account] = await db
        .insert(plaidAccounts)
        .values({ itemId: item.id, userId, plaidAccountId, name: accountName, type: "depository", mask: `${b}${a}00` })
        .returning({ id: plaidAccounts.id });
      if (!account) throw new Error("no account");
      accounts.push({ id: account.id, plaidAccountId, name: accountName, mask: `${b}${a}00` });
    }
    banks.push({ id: item.id, name: bankName, accounts });
  }
  const owners = banks.flatMap((bank) => bank.accounts.map((account) => ({ userId, bankId: bank.id, accountId: account.id, plaidAccountId: account.plaidAccountId })));
  const rows = Array.from({ length: count }, (_, i) => fixtureRow(owners[i % owners.length] ?? owners[0] ?? missing("owner"), prefix, i));
  await insertRows(db, rows);
  return { userId, banks, rows };
}

function missing(what: string): never {
  throw new Error(`fixture has no ${what}`);
}

export const fixtureBank = (user: FixtureUser, bank: number) => user.banks[bank] ?? missing(`bank ${bank}`);
export const fixtureAccount = (user: FixtureUser, bank: number, account: number) => fixtureBank(user, bank).accounts[account] ?? missing(`account ${bank}/${account}`);

/** The owner fields of a row in one of the user's accounts. */
export function fixtureOwner(user: FixtureUser, bank: number, account: number) {
  const { plaidAccountId, id } = fixtureAccount(user, bank, account);
  return { userId: user.userId, bankId: fixtureBank(user, bank).id, accountId: id, plaidAccountId };
}
