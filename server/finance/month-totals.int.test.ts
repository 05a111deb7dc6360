import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { queryRows } from "@/db/query-rows";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { findUserItem } from "@/server/plaid/find-user-item";
import { removeItem } from "@/server/plaid/remove-item";
import { syncTransactions, type SyncDeps } from "@/server/plaid/sync/sync-transactions";
import { createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { summarizeTransactions, summarizeTransactionRows } from "./explore-transactions-summary";
import { readCashFlow } from "./overview-cash-flow";
import { readSpendingByCategory } from "./overview-categories";
import { monthRange } from "./overview-periods";
import { refreshMonthTotalsForTransactions } from "@/server/plaid/sync/refresh-month-totals";
import { cashFlowFromRows, recomputedMonthTotals, spendingByCategoryFromRows, storedMonthTotals, toCents } from "./testing/month-totals-oracle";
import type { TransactionFilters } from "./transaction-filters";

// The emulator plus a database per file take a while on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
const deps = (): SyncDeps => ({ handle: kit.handle, plaid: kit.plaid, sleep: async () => {}, pageSize: 100 });

/** A deterministic pseudo-random stream, so a failure reproduces. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

// Detailed categories whose primaries include the ones the overview leaves out (transfers, debt payments).
const CATEGORIES = [
  "FOOD_AND_DRINK_COFFEE",
  "INCOME_WAGES",
  "TRANSFER_IN_ACCOUNT_TRANSFER",
  "TRANSFER_OUT_ACCOUNT_TRANSFER",
  "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT",
  "RENT_AND_UTILITIES_RENT",
  "GENERAL_MERCHANDISE_SUPERSTORES",
];

const NOW = new Date();
/** A day in the month `offset` months from now (0 = this month), never after today. */
function dayIn(offset: number, next: () => number): string {
  const range = monthRange(NOW, offset);
  const last = offset === 0 ? NOW.getUTCDate() : 28;
  return `${range.month}-${String(1 + Math.floor(next() * last)).padStart(2, "0")}`;
}

/**
 * Random adds (two currencies, pending ones, 14 months), modifies (amount, category, month), removes
 * and a day's advance. `size` 1 touches a few months (the sync recomputes just those), 4 most of
 * them (the sync recomputes the item).
 */
async function randomChanges(item: ConnectedTestItem, next: () => number, ids: string[], size: number): Promise<void> {
  const path = (suffix: string) => `items/${item.plaidItemId}/${suffix}`;
  const added = (await kit.control(path("transactions/add"), {
    webhook: false,
    transactions: Array.from({ length: 3 * size }, () => ({
      amount: Math.round((next() - 0.35) * 60_000) / 100,
      name: "Random purchase",
      date: dayIn(-Math.floor(next() * (size > 1 ? 14 : 3)), next),
      pending: next() < 0.2,
      iso_currency_code: next() < 0.3 ? "EUR" : "USD",
      category: CATEGORIES[Math.floor(next() * CATEGORIES.length)],
    })),
  })) as { transaction_ids: string[] };
  ids.push(...added.transaction_ids);
  for (let change = 0; change < size; change += 1) {
    const id = ids[Math.floor(next() * ids.length)];
    if (!id) continue;
    // Moving a row to another month must take it out of its old month's totals too.
    await kit.control(path("transactions/modify"), {
      webhook: false,
      transaction_id: id,
      amount: Math.round((next() - 0.5) * 40_000) / 100,
      date: dayIn(-Math.floor(next() * 14), next),
      category: CATEGORIES[Math.floor(next() * CATEGORIES.length)],
    });
  }
  const removed = ids.splice(Math.floor(next() * ids.length), 2);
  if (removed.length > 0) await kit.control(path("transactions/remove"), { webhook: false, transaction_ids: removed });
  // A day passes: pending purchases post (a new posted row, the pending one removed).
  await kit.control(path("advance"), { webhook: false, steps: 1 });
}

/**
 * Random edits of the user's transactions as a person makes them (recategorise into a seeded or an
 * own category, a rule's category, hide, unhide, split in two), each refreshing its months' totals
 * in its own transaction as every edit does.
 */
async function randomEdits(userId: string, next: () => number): Promise<void> {
  const { db } = kit.handle;
  const own = await queryRows<{ id: string }>(db, sql`select id::text as id from categories where user_id = ${userId} and deleted_at is null order by name`);
  if (!own.some((row) => row.id)) return;
  const [kids] = await queryRows<{ id: string }>(
    db,
    sql`insert into categories (user_id, name) values (${userId}, 'Kids') on conflict do nothing returning id::text as id`,
  );
  const categoryIds = [...own.map((row) => row.id), ...(kids ? [kids.id] : [])];
  const pick = () => categoryIds[Math.floor(next() * categoryIds.length)] ?? null;
  const rows = await queryRows<{ id: string; amount: string }>(db, sql`select plaid_transaction_id as id, amount::text as amount from plaid_transactions where user_id = ${userId} order by 1`);
  const chosen = rows.filter(() => next() < 0.15);
  await db.transaction(async (tx) => {
    for (const row of chosen) {
      const kind = Math.floor(next() * 5);
      if (kind === 4) {
        // Split in two parts that sum to the amount exactly (cents, never floats).
        const total = toCents(row.amount);
        const first = total / 3n;
        const asText = (value: bigint) => `${value < 0n ? "-" : ""}${(value < 0n ? -value : value) / 100n}.${String((value < 0n ? -value : value) % 100n).padStart(2, "0")}`;
        await tx.execute(sql`delete from transaction_splits where plaid_transaction_id = ${row.id}`);
        await tx.execute(sql`insert into transaction_splits (plaid_transaction_id, user_id, position, category_id, amount) values
          (${row.id}, ${userId}, 0, ${pick()}::uuid, ${asText(first)}::numeric), (${row.id}, ${userId}, 1, ${pick()}::uuid, ${asText(total - first)}::numeric)`);
        continue;
      }
      const values = [
        sql`category_id = ${pick()}::uuid`,
        sql`rule_category_id = ${pick()}::uuid`,
        sql`hidden = true`,
        sql`hidden = false, rule_hidden = true`,
      ][kind];
      await tx.execute(sql`insert into transaction_overrides (plaid_transaction_id, user_id) values (${row.id}, ${userId}) on conflict do nothing`);
      await tx.execute(sql`update transaction_overrides set ${values} where plaid_transaction_id = ${row.id}`);
    }
    await refreshMonthTotalsForTransactions(tx, userId, chosen.map((row) => row.id));
  });
}

/** Every question the month totals answer, against the same question asked of the rows. */
async function expectSameAsRows(userId: string, bankId: string) {
  const { db } = kit.handle;
  expect(await storedMonthTotals(db)).toEqual(await recomputedMonthTotals(db));
  expect(await readCashFlow(db, userId, NOW)).toEqual(await cashFlowFromRows(db, userId, NOW));
  expect(await readSpendingByCategory(db, userId, NOW)).toEqual(await spendingByCategoryFromRows(db, userId, NOW));
  const lastMonth = monthRange(NOW, -1);
  const lastDayOfLastMonth = new Date(Date.parse(monthRange(NOW).start) - 86_400_000).toISOString().slice(0, 10);
  const questions: Omit<TransactionFilters, "sort">[] = [
    {},
    { status: "pending" },
    { status: "posted", category: "TRANSFER_OUT" },
    { bank: bankId, from: monthRange(NOW, -5).start, to: lastDayOfLastMonth },
    { from: lastMonth.start },
    { to: lastDayOfLastMonth, category: "FOOD_AND_DRINK" },
    // Cutting a month: answered from the rows, and the answer must still be the rows' one.
    { from: `${monthRange(NOW, -3).month}-15` },
    { to: `${monthRange(NOW, -2).month}-10`, status: "posted" },
  ];
  for (const filters of questions) expect(await summarizeTransactions(db, userId, filters), JSON.stringify(filters)).toEqual(await summarizeTransactionRows(db, userId, filters));
}

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
});
afterAll(() => kit.close());

describe("transaction month totals (kept by the sync, read by the overview and the explorer)", () => {
  it("equal a GROUP BY over plaid_transactions after every one of many random syncs, and so do the overview's and the explorer's answers", async () => {
    const next = random(20261126);
    // Its own stream: the emulator's changes stay those the seed above always made.
    const editing = random(16);
    const alice = await kit.connect();
    const bob = await kit.connect();
    const aliceIds: string[] = [];
    const bobIds: string[] = [];
    expect(await syncTransactions(deps(), alice.id)).toMatchObject({ status: "synced" });
    expect(await syncTransactions(deps(), bob.id)).toMatchObject({ status: "synced" });
    await expectSameAsRows(alice.userId, alice.id);
    const seen: string[] = [];
    for (let round = 0; round < 8; round += 1) {
      await randomChanges(alice, next, aliceIds, round % 2 === 0 ? 4 : 1);
      if (round % 2 === 0) await randomChanges(bob, next, bobIds, 4);
      // Pending rows as the sync sees them before the day's advance posts them.
      await kit.control(`items/${alice.plaidItemId}/transactions/add`, { webhook: false, transactions: [{ amount: 4.31, name: "Still pending", pending: true }] });
      expect(await syncTransactions(deps(), alice.id)).toMatchObject({ status: "synced" });
      expect(await syncTransactions(deps(), bob.id)).toMatchObject({ status: "synced" });
      await expectSameAsRows(alice.userId, alice.id);
      await expectSameAsRows(bob.userId, bob.id);
      await randomEdits(alice.userId, editing);
      await expectSameAsRows(alice.userId, alice.id);
      seen.push(...(await storedMonthTotals(kit.handle.db)));
    }
    // The rounds covered what the totals must keep apart.
    for (const part of ["|EUR|", "|USD|", "|TRANSFER_IN|", "|TRANSFER_OUT|", "|LOAN_PAYMENTS|", "|true|"]) expect(seen.some((line) => line.includes(part)), part).toBe(true);
    // …and the edits: hidden rows and splits happened.
    const edits = await queryRows<{ hidden: number; splits: number }>(
      kit.handle.db,
      sql`select (select count(*) from transaction_overrides where hidden or rule_hidden)::int as hidden,
        (select count(distinct plaid_transaction_id) from transaction_splits)::int as splits`,
    );
    expect(edits[0]?.hidden).toBeGreaterThan(0);
    expect(edits[0]?.splits).toBeGreaterThan(0);
  });

  it("a removed item's totals go with its rows when the data is deleted, and stay (still counted) when it is kept", async () => {
    const kept = await kit.connect();
    const deleted = await kit.connect();
    await syncTransactions(deps(), kept.id);
    await syncTransactions(deps(), deleted.id);
    const { db } = kit.handle;
    const removeAs = async (item: ConnectedTestItem, keepData: boolean) => {
      const found = await findUserItem(db, { userId: item.userId, itemId: item.id });
      if (!found) throw new Error("item missing");
      await removeItem(kit.plaid, db, found, { keepData });
    };
    await removeAs(kept, true);
    await removeAs(deleted, false);
    expect(await storedMonthTotals(db)).toEqual(await recomputedMonthTotals(db));
    expect((await storedMonthTotals(db)).some((line) => line.includes(deleted.id))).toBe(false);
    expect((await summarizeTransactions(db, kept.userId, {})).count).toBeGreaterThan(0);
    await expectSameAsRows(kept.userId, kept.id);
    expect(await summarizeTransactions(db, deleted.userId, {})).toEqual({ count: 0, byCurrency: [] });
  });

  it("the migration's backfill computes the same groups from existing rows", async () => {
    const { handle } = kit;
    const item = await kit.connect();
    await syncTransactions(deps(), item.id);
    await randomEdits(item.userId, random(7));
    await handle.execRaw("delete from transaction_month_totals");
    // Only the backfill's statements (after the schema changes): seeding again is a no-op.
    const migration = await readFile(path.join(MIGRATIONS_FOLDER, "0020_edits_splits_and_effective_month_totals.sql"), "utf8");
    await handle.execRaw(migration.slice(migration.indexOf("-- Every existing user")));
    const stored = await storedMonthTotals(handle.db);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).toEqual(await recomputedMonthTotals(handle.db));
  });
});
