import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/test-database";
import { exploreTransactions, type ExploredTransaction } from "./explore-transactions";
import { summarizeTransactions } from "./explore-transactions-summary";
import { fixtureAccount, fixtureBank, fixtureOwner, fixtureRow, insertRows, seedFixtureUser, type FixtureRow, type FixtureUser } from "./testing/transaction-fixtures";
import { SORTS, transactionFiltersSchema, type TransactionFilters, type TransactionSort } from "./transaction-filters";

let handle: DatabaseHandle;
let alice: FixtureUser;
let bob: FixtureUser;

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedFixtureUser(handle.db, "a", 260);
  bob = await seedFixtureUser(handle.db, "b", 60);
});
afterAll(async () => {
  await handle.close();
});

const toCents = (amount: string) => {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0").slice(0, 2));
  return negative ? -value : value;
};
const abs = (value: bigint) => (value < 0n ? -value : value);

/** The filters written out plainly in TypeScript, as the specification of what SQL must return. */
function matches(row: FixtureRow, f: TransactionFilters): boolean {
  if (f.account && row.accountId !== f.account) return false;
  if (f.bank && row.bankId !== f.bank) return false;
  if (f.category && row.categoryPrimary !== f.category) return false;
  if (f.from && row.date < f.from) return false;
  if (f.to && row.date > f.to) return false;
  if (f.min && abs(toCents(row.amount)) < toCents(f.min)) return false;
  if (f.max && abs(toCents(row.amount)) > toCents(f.max)) return false;
  if (f.status && row.pending !== (f.status === "pending")) return false;
  if (f.direction === "in" && !(toCents(row.amount) < 0n)) return false;
  if (f.direction === "out" && !(toCents(row.amount) > 0n)) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const category = `${row.categoryPrimary ?? ""} ${row.categoryDetailed ?? ""}`.toLowerCase().replaceAll("_", " ");
    const amountLike = /^-?\d+(\.\d{1,2})?$/.test(f.q) ? abs(toCents(f.q)) : null;
    const hit =
      row.name.toLowerCase().includes(q) ||
      (row.merchantName ?? "").toLowerCase().includes(q) ||
      category.includes(q.replaceAll("_", " ")) ||
      (amountLike !== null && abs(toCents(row.amount)) === amountLike);
    if (!hit) return false;
  }
  return true;
}

function compare(sort: TransactionSort) {
  return (a: { date: string; amount: string; id: string }, b: { date: string; amount: string; id: string }) => {
    const key = sort.startsWith("date") ? (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) : Number(toCents(a.amount) - toCents(b.amount));
    const order = key !== 0 ? Math.sign(key) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    return sort.endsWith("asc") ? order : -order;
  };
}

async function walk(userId: string, filters: TransactionFilters, limit = 50, between?: () => Promise<void>): Promise<ExploredTransaction[]> {
  const seen: ExploredTransaction[] = [];
  let after: string | null = null;
  do {
    const page: Awaited<ReturnType<typeof exploreTransactions>> = await exploreTransactions(handle.db, { userId, filters, limit, after });
    seen.push(...page.items);
    after = page.nextCursor;
    await between?.();
  } while (after);
  return seen;
}

const parse = (input: Record<string, string>) => transactionFiltersSchema.parse(input);

describe("exploreTransactions", () => {
  const cases: [string, () => Record<string, string>][] = [
    ["no filter", () => ({})],
    ["one account", () => ({ account: fixtureAccount(alice, 1, 0).id })],
    ["one bank", () => ({ bank: fixtureBank(alice, 0).id })],
    ["a category", () => ({ category: "FOOD_AND_DRINK" })],
    ["a date range", () => ({ from: "2026-03-12", to: "2026-06-20" })],
    ["an amount range (magnitudes)", () => ({ min: "4.31", max: "20" })],
    ["pending only", () => ({ status: "pending" })],
    ["posted money in", () => ({ status: "posted", direction: "in" })],
    ["money out", () => ({ direction: "out" })],
    ["text search on the name, any case", () => ({ q: "starbucks" })],
    ["text search on the merchant", () => ({ q: "food hall" })],
    ["category search as people write it", () => ({ q: "Food and drink" })],
    ["category search on a detailed category", () => ({ q: "taxis and ride" })],
    ["category search as Plaid writes it", () => ({ q: "FOOD_AND_DRINK_COFFEE" })],
    ["an amount matches money in and out", () => ({ q: "4.31" })],
    ["a negative amount matches too", () => ({ q: "-4.31" })],
    ["% and _ are literal", () => ({ q: "100%" })],
    ["corner_ matches the underscore only", () => ({ q: "corner_" })],
    ["everything at once", () => ({ bank: fixtureBank(alice, 1).id, from: "2026-02-01", min: "1", direction: "out", q: "drink" })],
  ];

  for (const [title, input] of cases) {
    it(`returns exactly what the plain TypeScript filter returns: ${title}`, async () => {
      for (const sort of ["date_desc", "amount_asc"] as const) {
        const filters = parse({ ...input(), sort });
        const expected = alice.rows.filter((row) => matches(row, filters)).sort(compare(sort));
        const seen = await walk(alice.userId, filters, 40);
        expect(seen.map((row) => row.id)).toEqual(expected.map((row) => row.id));
        const summary = await summarizeTransactions(handle.db, alice.userId, filters);
        expect(summary.count).toBe(expected.length);
      }
    });
  }

  it("finds at least one row in every filter case, so no case passes by matching nothing", () => {
    for (const [title, input] of cases) {
      expect(alice.rows.filter((row) => matches(row, parse(input()))).length, title).toBeGreaterThan(0);
    }
  });

  it("never returns or counts another user's rows, even with their account or bank id in the filter", async () => {
    expect((await walk(alice.userId, parse({}))).every((row) => row.id.startsWith("a"))).toBe(true);
    for (const foreign of <Record<string, string>[]>[{ account: fixtureAccount(bob, 0, 0).id }, { bank: fixtureBank(bob, 1).id }]) {
      const filters = parse(foreign);
      expect(await walk(alice.userId, filters)).toEqual([]);
      expect(await summarizeTransactions(handle.db, alice.userId, filters)).toEqual({ count: 0, byCurrency: [] });
    }
  });

  it("shows the bank's name with each account", async () => {
    const { items } = await exploreTransactions(handle.db, { userId: alice.userId, filters: parse({ account: fixtureAccount(alice, 1, 1).id }), limit: 1 });
    expect(items[0]).toMatchObject({ institutionName: "Tattersall Credit Union", accountName: "Savings", accountMask: "1100" });
  });

  it("sums per currency, exactly, never across currencies", async () => {
    const filters = parse({});
    const summary = await summarizeTransactions(handle.db, alice.userId, filters);
    const expected = new Map<string | null, { count: number; in: bigint; out: bigint }>();
    for (const row of alice.rows) {
      const currency = row.isoCurrencyCode ?? row.unofficialCurrencyCode;
      const totals = expected.get(currency) ?? { count: 0, in: 0n, out: 0n };
      const value = toCents(row.amount);
      expected.set(currency, { count: totals.count + 1, in: totals.in + (value < 0n ? -value : 0n), out: totals.out + (value > 0n ? value : 0n) });
    }
    expect(summary.byCurrency.map((c) => c.currency).sort()).toEqual([...expected.keys()].map(String).sort());
    for (const line of summary.byCurrency) {
      const totals = expected.get(line.currency) ?? { count: 0, in: 0n, out: 0n };
      expect(line.count).toBe(totals.count);
      expect(toCents(line.moneyIn)).toBe(totals.in);
      expect(toCents(line.moneyOut)).toBe(totals.out);
      expect(toCents(line.net)).toBe(totals.in - totals.out);
    }
  });

  for (const sort of SORTS) {
    it(`keyset pages (${sort}) never skip or repeat a row while a sync inserts rows between page loads`, async () => {
      const filters = parse({ sort });
      const before = await walk(alice.userId, filters);
      const owner = fixtureOwner(alice, 0, 0);
      let batch = 0;
      // Between every two pages, rows land all over the sort order: before the reader's position,
      // after it, and tied with it on the sort key.
      const seen = await walk(alice.userId, filters, 30, async () => {
        batch += 1;
        await insertRows(handle.db, Array.from({ length: 9 }, (_, i) => fixtureRow(owner, `${sort.slice(0, 1)}${sort.slice(-3, -2)}${batch}x`, (batch * 53 + i * 97) % 400)));
      });
      const ids = seen.map((row) => row.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(expect.arrayContaining(before.map((row) => row.id)));
      expect([...seen].sort(compare(sort)).map((row) => row.id)).toEqual(ids);
      expect(batch).toBeGreaterThan(5);
    });
  }

  it("pages backwards to exactly the pages it came through", async () => {
    for (const sort of ["date_desc", "amount_asc"] as const) {
      const filters = parse({ sort, q: "a" });
      const forward: string[][] = [];
      let page = await exploreTransactions(handle.db, { userId: bob.userId, filters, limit: 7 });
      forward.push(page.items.map((row) => row.id));
      expect(page.prevCursor).toBeNull();
      while (page.nextCursor) {
        page = await exploreTransactions(handle.db, { userId: bob.userId, filters, limit: 7, after: page.nextCursor });
        forward.push(page.items.map((row) => row.id));
      }
      const backward: string[][] = [page.items.map((row) => row.id)];
      while (page.prevCursor) {
        page = await exploreTransactions(handle.db, { userId: bob.userId, filters, limit: 7, before: page.prevCursor });
        backward.unshift(page.items.map((row) => row.id));
      }
      expect(backward).toEqual(forward);
      expect(page.prevCursor).toBeNull();
      expect(forward.length).toBeGreaterThan(3);
    }
  });

  it("refuses a cursor that does not fit the sort", async () => {
    await expect(exploreTransactions(handle.db, { userId: alice.userId, filters: parse({ sort: "amount_desc" }), limit: 5, after: "2026-01-01~a000001" })).rejects.toThrow(
      /out of date/,
    );
  });
});
