import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs, plaidAccounts, plaidItems, plaidTransactions, users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { rebuildMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { createTestDatabase } from "@/test/test-database";
import { PLAID_PROCEDURE_LIMITS } from "./per-user-limit";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let handle: DatabaseHandle;

interface Seeded {
  userId: string;
  itemId: string;
  accountIds: string[];
}

async function seedUser(transactions: number, prefix: string): Promise<Seeded> {
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
  const [item] = await handle.db
    .insert(plaidItems)
    .values({ userId, plaidItemId: `item-${prefix}`, accessTokenCiphertext: "v1.k.iv.data", accessTokenKeyId: "k" })
    .returning({ id: plaidItems.id });
  if (!item) throw new Error("no item");
  const accounts = await handle.db
    .insert(plaidAccounts)
    .values(
      ["checking", "savings"].map((name, i) => ({ itemId: item.id, userId, plaidAccountId: `${prefix}-acc-${i}`, name, type: "depository", mask: `000${i}` })),
    )
    .returning({ id: plaidAccounts.id });
  await handle.db.insert(plaidTransactions).values(
    Array.from({ length: transactions }, (_, i) => ({
      plaidTransactionId: `${prefix}-txn-${String(i).padStart(4, "0")}`,
      itemId: item.id,
      userId,
      plaidAccountId: `${prefix}-acc-${i % 2}`,
      amount: (i + 0.5).toFixed(2),
      isoCurrencyCode: "USD",
      // Several transactions share each date, so the id must break ties.
      date: `2026-0${1 + (i % 9)}-1${i % 10}`,
      name: i % 7 === 0 ? `Coffee 100% Arabica ${i}` : `Shop ${i}`,
      merchantName: i % 5 === 0 ? "Corner_Store" : null,
      pending: i % 11 === 0,
    })),
  );
  // Inserted directly, not by a sync: the totals the summary reads are recomputed here.
  await rebuildMonthTotals(handle.db, item.id);
  return { userId, itemId: item.id, accountIds: accounts.map((a) => a.id) };
}

const callerFor = (userId: string) =>
  createCaller({ db: handle.db, session: { user: { id: userId, email: "u@example.test" }, expires: new Date(Date.now() + 60_000).toISOString() }, headers: new Headers() });

let alice: Seeded;
let bob: Seeded;

beforeAll(async () => {
  handle = await createTestDatabase();
  alice = await seedUser(137, "alice");
  bob = await seedUser(20, "bob");
});
afterAll(async () => {
  await handle.close();
});

describe("transactions.list", () => {
  it("pages through all of the user's transactions newest first, without gaps or repeats", async () => {
    const caller = callerFor(alice.userId);
    const seen: { id: string; date: string }[] = [];
    let cursor: { date: string; id: string } | null = null;
    do {
      const page: Awaited<ReturnType<typeof caller.transactions.list>> = await caller.transactions.list({ limit: 25, cursor });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(137);
    expect(new Set(seen.map((t) => t.id)).size).toBe(137);
    const sorted = [...seen].sort((a, b) => (a.date === b.date ? b.id.localeCompare(a.id) : b.date.localeCompare(a.date)));
    expect(seen.map((t) => t.id)).toEqual(sorted.map((t) => t.id));
    expect(seen.every((t) => t.id.startsWith("alice-"))).toBe(true);
  });

  it("returns amounts as exact decimal strings with the account's name", async () => {
    const { items } = await callerFor(alice.userId).transactions.list({ limit: 10, search: "Arabica 0" });
    const first = items.find((t) => t.id === "alice-txn-0000");
    expect(first).toMatchObject({ amount: "0.50", currency: "USD", accountName: "checking", accountMask: "0000", pending: true });
  });

  it("filters by one of the user's accounts and never shows another user's account", async () => {
    const own = await callerFor(alice.userId).transactions.list({ limit: 100, accountId: alice.accountIds[1] });
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((t) => t.accountName === "savings")).toBe(true);
    const foreign = await callerFor(alice.userId).transactions.list({ limit: 100, accountId: bob.accountIds[0] });
    expect(foreign.items).toEqual([]);
  });

  it("searches name and merchant, treating % and _ literally", async () => {
    const caller = callerFor(alice.userId);
    const percent = await caller.transactions.list({ limit: 100, search: "100%" });
    expect(percent.items.length).toBe(Math.ceil(137 / 7));
    const underscore = await caller.transactions.list({ limit: 100, search: "corner_" });
    expect(underscore.items.length).toBe(Math.ceil(137 / 5));
    expect((await caller.transactions.list({ limit: 100, search: "corner-" })).items).toEqual([]);
  });
});

describe("transactions.explore, summary and accountOptions", () => {
  it("pages the explorer with an opaque keyset cursor and counts only the user's rows", async () => {
    const caller = callerFor(alice.userId);
    const first = await caller.transactions.explore({ filters: { sort: "amount_asc" }, limit: 100 });
    expect(first.items).toHaveLength(100);
    const rest = await caller.transactions.explore({ filters: { sort: "amount_asc" }, limit: 100, after: first.nextCursor });
    expect(rest.items).toHaveLength(37);
    expect(rest.nextCursor).toBeNull();
    expect(await caller.transactions.summary({ filters: {} })).toMatchObject({ count: 137, byCurrency: [{ currency: "USD", count: 137 }] });
    expect(await caller.transactions.summary({ filters: { account: bob.accountIds[0] } })).toEqual({ count: 0, byCurrency: [] });
  });

  it("refuses out-of-bounds input with BAD_REQUEST: page size, search length, amounts, reversed ranges, a cursor of another sort", async () => {
    const caller = callerFor(alice.userId);
    // Each call starts only when awaited: a rejection nobody awaits yet is an unhandled one.
    const refused = [
      () => caller.transactions.explore({ filters: {}, limit: 101 }),
      () => caller.transactions.explore({ filters: { q: "x".repeat(101) } }),
      () => caller.transactions.explore({ filters: { min: "1e3" } }),
      () => caller.transactions.explore({ filters: { min: "10", max: "9.99" } }),
      () => caller.transactions.explore({ filters: { from: "2026-02-01", to: "2026-01-31" } }),
      () => caller.transactions.explore({ filters: { category: "food; drop table" } }),
      () => caller.transactions.explore({ filters: { sort: "amount_desc" }, after: "2026-01-01~alice-txn-0001" }),
    ];
    for (const call of refused) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TRPCError);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
  });

  it("lists the user's accounts with their bank, and nobody else's", async () => {
    const options = await callerFor(alice.userId).transactions.accountOptions();
    expect(options.map((o) => o.id).sort()).toEqual([...alice.accountIds].sort());
    expect(options.every((o) => o.bankId === alice.itemId)).toBe(true);
  });
});

describe("sync.syncNow and sync.status", () => {
  it("queues a refresh and a sync for the user's own item, then rate-limits", async () => {
    const caller = callerFor(bob.userId);
    await expect(caller.sync.syncNow({ itemId: bob.itemId })).resolves.toEqual({ queued: true });
    const queued = await handle.db.select({ kind: jobs.kind, key: jobs.key }).from(jobs);
    expect(queued).toEqual(expect.arrayContaining([{ kind: "refresh-item", key: bob.itemId }, { kind: "sync-transactions", key: bob.itemId }]));
    for (let press = 1; press < PLAID_PROCEDURE_LIMITS["sync-now"].limit; press++) await caller.sync.syncNow({ itemId: bob.itemId });
    const error = await caller.sync.syncNow({ itemId: bob.itemId }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
  });

  it("answers NOT_FOUND for another user's item, exactly as for a missing one", async () => {
    const caller = callerFor(alice.userId);
    const foreign = await caller.sync.syncNow({ itemId: bob.itemId }).catch((caught: unknown) => caught);
    const missing = await caller.sync.syncNow({ itemId: randomUUID() }).catch((caught: unknown) => caught);
    expect((foreign as TRPCError).code).toBe("NOT_FOUND");
    expect((missing as TRPCError).message).toBe((foreign as TRPCError).message);
  });

  it("reports only the user's items", async () => {
    const status = await callerFor(alice.userId).sync.status();
    expect(status.items.map((i) => i.id)).toEqual([alice.itemId]);
    expect(status.latestSyncAt).toBeNull();
  });
});
