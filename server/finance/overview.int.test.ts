import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { plaidAccounts, plaidItems, plaidTransactions, users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { readBalanceHistory } from "./balance-history";
import { readOverview } from "./overview";
import { rebuildMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { lastMonths, monthRange } from "./overview-periods";
import { saveAccounts } from "@/server/plaid/save-accounts";

// A fixed "now" mid-month, so this month and last month both have room for rows.
const NOW = new Date("2026-03-18T12:00:00Z");

interface AccountRow {
  itemId: string;
  plaidAccountId: string;
  type: string;
  currentBalance: string | null;
  availableBalance: string | null;
  currency: string;
  removed: boolean;
}
interface TransactionRow {
  plaidAccountId: string;
  amount: string;
  currency: string;
  date: string;
  category: string | null;
  pending: boolean;
}

let handle: DatabaseHandle;
const accounts = new Map<string, AccountRow[]>();
const transactions = new Map<string, TransactionRow[]>();

// Cents as BigInt: the recomputation below never touches a float.
const cents = (amount: string) => {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
};

/** A deterministic pseudo-random stream, so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

async function seedUser(seed: number): Promise<string> {
  const next = random(seed);
  const [user] = await handle.db.insert(users).values({ email: `u-${randomUUID()}@example.com` }).returning({ id: users.id });
  if (!user) throw new Error("no user");
  const userAccounts: AccountRow[] = [];
  const userTransactions: TransactionRow[] = [];
  const items = [
    { institution: "Live Bank", removed: false },
    { institution: "Gone Bank", removed: true },
  ];
  for (const spec of items) {
    const [item] = await handle.db
      .insert(plaidItems)
      .values({
        userId: user.id,
        plaidItemId: `item-${randomUUID()}`,
        institutionName: spec.institution,
        status: spec.removed ? "revoked" : "healthy",
        removedAt: spec.removed ? new Date("2026-02-01T00:00:00Z") : null,
        syncState: "idle",
        lastSyncedAt: NOW,
      })
      .returning({ id: plaidItems.id });
    if (!item) throw new Error("no item");
    const kinds: [string, string][] = [
      ["depository", "USD"],
      ["credit", "USD"],
      ["loan", "USD"],
      ["depository", "EUR"],
      ["credit", "EUR"],
      ["investment", "USD"],
    ];
    for (const [type, currency] of kinds) {
      const row: AccountRow = {
        itemId: item.id,
        plaidAccountId: `acc-${randomUUID()}`,
        type,
        currentBalance: next() < 0.1 ? null : (next() * 20_000).toFixed(2),
        availableBalance: next() < 0.5 ? null : (next() * 20_000).toFixed(2),
        currency,
        removed: spec.removed,
      };
      userAccounts.push(row);
      await handle.db.insert(plaidAccounts).values({
        itemId: item.id,
        userId: user.id,
        plaidAccountId: row.plaidAccountId,
        name: `${type} ${currency}`,
        type,
        currentBalance: row.currentBalance,
        availableBalance: row.availableBalance,
        isoCurrencyCode: currency,
      });
    }
  }
  const categories = [null, "FOOD_AND_DRINK", "INCOME", "TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS", "RENT_AND_UTILITIES", "GENERAL_MERCHANDISE"];
  const months = [...lastMonths(NOW, 12), monthRange(NOW, -12), monthRange(NOW, 1)];
  const values = [];
  for (let index = 0; index < 400; index++) {
    const account = userAccounts[Math.floor(next() * userAccounts.length)];
    const month = months[Math.floor(next() * months.length)];
    if (!account || !month) continue;
    const day = String(1 + Math.floor(next() * 28)).padStart(2, "0");
    const row: TransactionRow = {
      plaidAccountId: account.plaidAccountId,
      amount: ((next() - 0.35) * 500).toFixed(2),
      currency: account.currency,
      date: `${month.month}-${day}`,
      category: categories[Math.floor(next() * categories.length)] ?? null,
      pending: next() < 0.15,
    };
    userTransactions.push(row);
    values.push({
      plaidTransactionId: `tx-${randomUUID()}`,
      itemId: account.itemId,
      userId: user.id,
      plaidAccountId: row.plaidAccountId,
      amount: row.amount,
      isoCurrencyCode: row.currency,
      date: row.date,
      name: "Something",
      categoryPrimary: row.category,
      pending: row.pending,
    });
  }
  await handle.db.insert(plaidTransactions).values(values);
  // Inserted directly, not by a sync: recompute the month totals the overview reads.
  for (const itemId of new Set(values.map((value) => value.itemId))) await rebuildMonthTotals(handle.db, itemId);
  accounts.set(user.id, userAccounts);
  transactions.set(user.id, userTransactions);
  return user.id;
}

const EXCLUDED = new Set(["TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS"]);
const counts = (row: TransactionRow) => row.category === null || !EXCLUDED.has(row.category);

let alice: string;
let bob: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedUser(1);
  // Bob's rows share every table, month and currency with Alice's and must never count for her.
  bob = await seedUser(2);
});
afterAll(() => handle.close());

describe("overview read model (recomputed from the rows in TypeScript)", () => {
  it("net worth is assets minus debts per currency, debts being credit cards and loans, without disconnected banks", async () => {
    const overview = await readOverview(handle.db, alice, NOW);
    const expected = new Map<string, { assets: bigint; debts: bigint }>();
    for (const account of accounts.get(alice) ?? []) {
      if (account.removed) continue;
      const totals = expected.get(account.currency) ?? { assets: 0n, debts: 0n };
      if (account.type === "credit" || account.type === "loan") totals.debts += cents(account.currentBalance ?? "0");
      else totals.assets += cents(account.currentBalance ?? account.availableBalance ?? "0");
      expected.set(account.currency, totals);
    }
    expect(overview.netWorth.map((row) => row.currency)).toEqual(["EUR", "USD"]);
    for (const row of overview.netWorth) {
      const totals = expected.get(row.currency ?? "");
      expect(totals).toBeDefined();
      expect(cents(row.assets)).toBe(totals?.assets);
      expect(cents(row.debts)).toBe(totals?.debts);
      expect(cents(row.net)).toBe((totals?.assets ?? 0n) - (totals?.debts ?? 0n));
    }
  });

  it("monthly spending and income count posted rows only, never transfers or debt payments, per currency, disconnected banks included", async () => {
    const overview = await readOverview(handle.db, alice, NOW);
    const months = lastMonths(NOW, 12);
    expect(overview.thisMonth).toBe("2026-03");
    expect(overview.lastMonth).toBe("2026-02");
    for (const currency of ["EUR", "USD"]) {
      const flow = overview.cashFlow.find((entry) => entry.currency === currency);
      expect(flow?.months.map((month) => month.month)).toEqual(months.map((month) => month.month));
      for (const month of flow?.months ?? []) {
        const rows = (transactions.get(alice) ?? []).filter(
          (row) => row.currency === currency && !row.pending && counts(row) && row.date.startsWith(month.month),
        );
        const spending = rows.filter((row) => cents(row.amount) > 0n).reduce((sum, row) => sum + cents(row.amount), 0n);
        const income = rows.filter((row) => cents(row.amount) < 0n).reduce((sum, row) => sum - cents(row.amount), 0n);
        expect([month.month, cents(month.spending), cents(month.income)]).toEqual([month.month, spending, income]);
      }
      const pendingNow = (transactions.get(alice) ?? []).filter(
        (row) => row.currency === currency && row.pending && counts(row) && row.date.startsWith("2026-03"),
      );
      expect(cents(flow?.pending.spending ?? "0")).toBe(pendingNow.filter((row) => cents(row.amount) > 0n).reduce((sum, row) => sum + cents(row.amount), 0n));
      expect(cents(flow?.pending.income ?? "0")).toBe(pendingNow.filter((row) => cents(row.amount) < 0n).reduce((sum, row) => sum - cents(row.amount), 0n));
    }
  });

  it("spending by category sums this month's posted money out per category and currency, and adds up to the month's spending", async () => {
    const overview = await readOverview(handle.db, alice, NOW);
    const expected = new Map<string, bigint>();
    for (const row of transactions.get(alice) ?? []) {
      if (row.pending || !counts(row) || !row.date.startsWith("2026-03") || cents(row.amount) <= 0n) continue;
      // Shown by the user's category names: FOOD_AND_DRINK's seeded category is "Food and drink".
      const name = row.category ? row.category.charAt(0) + row.category.slice(1).toLowerCase().replaceAll("_", " ") : "";
      const key = `${row.currency}|${name}`;
      expected.set(key, (expected.get(key) ?? 0n) + cents(row.amount));
    }
    const actual = new Map(overview.categories.map((row) => [`${row.currency}|${row.category ?? ""}`, cents(row.amount)]));
    expect(actual).toEqual(expected);
    expect([...actual.keys()].some((key) => key.includes("Transfer") || key.includes("Loan payments"))).toBe(false);
    for (const flow of overview.cashFlow) {
      const total = overview.categories.filter((row) => row.currency === flow.currency).reduce((sum, row) => sum + cents(row.amount), 0n);
      expect(total).toBe(cents(flow.months.at(-1)?.spending ?? "0"));
    }
  });

  it("another user's rows never count", async () => {
    const mine = await readOverview(handle.db, alice, NOW);
    const theirs = await readOverview(handle.db, bob, NOW);
    expect(mine.netWorth).not.toEqual(theirs.netWorth);
    const stranger = await readOverview(handle.db, "no-such-user", NOW);
    expect(stranger).toMatchObject({ netWorth: [], cashFlow: [], categories: [], importState: { importing: [], historyArriving: [] } });
  });

  it("says a connection is still importing until its first sync lands", async () => {
    const [user] = await handle.db.insert(users).values({ email: `new-${randomUUID()}@example.com` }).returning({ id: users.id });
    if (!user) throw new Error("no user");
    const [item] = await handle.db
      .insert(plaidItems)
      .values({ userId: user.id, plaidItemId: `item-${randomUUID()}`, institutionName: "Fresh Bank", syncState: "syncing" })
      .returning({ id: plaidItems.id });
    const overview = await readOverview(handle.db, user.id, NOW);
    expect(overview.importState.importing).toEqual([{ itemId: item?.id, institutionName: "Fresh Bank" }]);
  });
});

describe("balance history", () => {
  it("saving balances records one snapshot per account per day, and days without one carry the last forward", async () => {
    const [user] = await handle.db.insert(users).values({ email: `h-${randomUUID()}@example.com` }).returning({ id: users.id });
    if (!user) throw new Error("no user");
    const [item] = await handle.db
      .insert(plaidItems)
      .values({ userId: user.id, plaidItemId: `item-${randomUUID()}` })
      .returning({ id: plaidItems.id });
    if (!item) throw new Error("no item");
    const owner = { itemId: item.id, userId: user.id };
    const snapshot = (current: string) => ({
      plaidAccountId: `hist-${user.id}`,
      name: "Checking",
      officialName: null,
      mask: "0000",
      type: "depository",
      subtype: "checking",
      currentBalance: current,
      availableBalance: null,
      creditLimit: null,
      isoCurrencyCode: "USD",
      unofficialCurrencyCode: null,
    });
    await saveAccounts(handle.db, owner, [snapshot("100.00")], new Date("2026-03-10T08:00:00Z"));
    await saveAccounts(handle.db, owner, [snapshot("150.00")], new Date("2026-03-10T20:00:00Z"));
    await saveAccounts(handle.db, owner, [snapshot("90.50")], new Date("2026-03-13T09:00:00Z"));
    const [account] = await handle.db.select({ id: plaidAccounts.id }).from(plaidAccounts).where(eq(plaidAccounts.plaidAccountId, `hist-${user.id}`));
    if (!account) throw new Error("no account");

    const history = await readBalanceHistory(handle.db, { userId: user.id, accountId: account.id }, NOW, 10);
    expect(history.map((point) => [point.day, point.current, point.recorded])).toEqual([
      ["2026-03-10", "150.00", true],
      ["2026-03-11", "150.00", false],
      ["2026-03-12", "150.00", false],
      ["2026-03-13", "90.50", true],
      ["2026-03-14", "90.50", false],
      ["2026-03-15", "90.50", false],
      ["2026-03-16", "90.50", false],
      ["2026-03-17", "90.50", false],
      ["2026-03-18", "90.50", false],
    ]);
    expect(await readBalanceHistory(handle.db, { userId: alice, accountId: account.id }, NOW, 10)).toEqual([]);
  });
});



