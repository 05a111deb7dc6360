import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { plaidItems, syncStagedTransactions } from "@/db/schema";
import { RetryableJobError } from "@/server/jobs/job-errors";
import { asSet, createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { syncTransactions, type SyncDeps } from "./sync-transactions";

// The emulator plus a database per file take a while on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
const noSleep = async () => {};

const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps => ({ handle: kit.handle, plaid: kit.plaid, sleep: noSleep, pageSize: 40, ...overrides });

async function itemRow(itemId: string) {
  const [row] = await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
  if (!row) throw new Error("item missing");
  return row;
}

const stagedRows = async (itemId: string) =>
  (await kit.handle.db.select({ n: sql<number>`count(*)::int` }).from(syncStagedTransactions).where(eq(syncStagedTransactions.itemId, itemId)))[0]?.n;

async function expectInStep(item: ConnectedTestItem) {
  const [emulator, database] = await Promise.all([kit.emulatorRows(item.plaidItemId), kit.databaseRows(item.id)]);
  expect(asSet(database)).toEqual(asSet(emulator));
}

/** A client whose /transactions/sync runs `between` after the first page of each loop. */
function clientWithHook(between: (page: number) => Promise<void>): PlaidApi {
  const base = kit.plaid.client;
  let calls = 0;
  return Object.assign(Object.create(base) as PlaidApi, {
    transactionsSync: async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
      const result = await base.transactionsSync(...args);
      calls += 1;
      await between(calls);
      return result;
    },
  });
}

beforeAll(async () => {
  kit = await createSyncTestKit({ plaidTimeoutMs: 1_000, emulator: { rateLimitPerMinute: 0 } });
});
afterAll(async () => {
  await kit.close();
});
beforeEach(async () => {
  await kit.control("faults/clear", {});
});

describe("syncTransactions against the emulator", () => {
  it("pages from an empty cursor and stores exactly the emulator's transactions, cursor and counts", async () => {
    const item = await kit.connect();
    const outcome = await syncTransactions(deps(), item.id);
    expect(outcome).toMatchObject({ status: "synced" });
    if (outcome.status !== "synced") return;
    expect(outcome.pages).toBeGreaterThan(3);
    await expectInStep(item);
    const row = await itemRow(item.id);
    expect(row.transactionsCursor).toBeTruthy();
    expect(row).toMatchObject({ syncState: "idle", lastSyncAdded: outcome.added, lastSyncRemoved: outcome.removed });
    expect(row.lastSyncedAt).toBeInstanceOf(Date);
    expect(row.lastSyncDurationMs).toBeGreaterThanOrEqual(0);
    // Idempotent: nothing new, nothing changes.
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced", added: 0, modified: 0, removed: 0 });
    await expectInStep(item);
  });

  it("follows adds, modifies, removes and pending → posted without doubling a transaction", async () => {
    const item = await kit.connect();
    await syncTransactions(deps(), item.id);
    const { transaction_ids: added } = (await kit.control(`items/${item.plaidItemId}/transactions/add`, {
      transactions: [
        { amount: 12.34, name: "Corner Cafe", pending: true },
        { amount: 99.5, name: "Hardware Store" },
        { amount: 5, name: "Parking" },
      ],
      webhook: false,
    })) as { transaction_ids: string[] };
    await syncTransactions(deps(), item.id);
    await expectInStep(item);

    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { transaction_id: added[1], amount: 101.25, name: "Hardware Store Inc", webhook: false });
    await kit.control(`items/${item.plaidItemId}/transactions/remove`, { transaction_ids: [added[2]], webhook: false });
    // Advancing the emulator's day posts pending purchases (posted row new, pending one removed).
    await kit.control(`items/${item.plaidItemId}/advance`, { steps: 3, webhook: false });
    await syncTransactions(deps(), item.id);
    await expectInStep(item);

    const rows = await kit.databaseRows(item.id);
    const ids = new Set(rows.map((r) => r.id));
    expect(ids.size).toBe(rows.length);
    const { pendingTransactionIds } = await postedPendingIds(item.id);
    expect(pendingTransactionIds.length).toBeGreaterThan(0);
    for (const pendingId of pendingTransactionIds) expect(ids.has(pendingId)).toBe(false);
  });

  it("ends in step after injected 500s, timeouts and rate limits, retried as the job queue would", async () => {
    const item = await kit.connect();
    const faults = [
      { kind: "http500", count: 2 },
      { kind: "delay", delay_ms: 1_500, count: 1 },
      { kind: "error", error_code: "TRANSACTIONS_SYNC_LIMIT", count: 2 },
      { kind: "error", error_code: "INTERNAL_SERVER_ERROR", count: 3 },
      { kind: "drop", count: 1 },
    ];
    // Faults land in the middle of pagination, after some pages were already fetched.
    const client = clientWithHook(async (call) => {
      if (call === 2) for (const fault of faults) await kit.control("faults", { endpoint: "/transactions/sync", ...fault });
    });
    let attempts = 0;
    for (;;) {
      attempts += 1;
      try {
        expect(await syncTransactions(deps({ plaid: { ...kit.plaid, client } }), item.id)).toMatchObject({ status: "synced" });
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(RetryableJobError);
        expect(attempts).toBeLessThan(5);
      }
    }
    expect(attempts).toBeGreaterThan(1);
    await expectInStep(item);
  });

  it("restarts from its first cursor on TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", async () => {
    const item = await kit.connect();
    await syncTransactions(deps(), item.id);
    await kit.control(`items/${item.plaidItemId}/advance`, { steps: 20, webhook: false });
    let mutated = 0;
    // Change the data right after the first page: the emulator answers the next page with the error.
    const client = clientWithHook(async (call) => {
      if (call === 1) {
        mutated += 1;
        await kit.control(`items/${item.plaidItemId}/transactions/add`, { transactions: [{ amount: 1, name: "Mid-page" }], webhook: false });
      }
    });
    const outcome = await syncTransactions(deps({ plaid: { ...kit.plaid, client }, pageSize: 5 }), item.id);
    expect(mutated).toBe(1);
    expect(outcome).toMatchObject({ status: "synced" });
    await expectInStep(item);
    // The pages staged before the restart were discarded, not applied next to the restart's.
    expect(await stagedRows(item.id)).toBe(0);
  });

  it("keeps the old cursor and data when the sync fails for good, then catches up", async () => {
    const item = await kit.connect();
    await syncTransactions(deps(), item.id);
    const before = await itemRow(item.id);
    await kit.control(`items/${item.plaidItemId}/transactions/add`, { transactions: [{ amount: 3, name: "Later" }], webhook: false });
    // Let the first two pages through, then fail every call: accumulated pages must not be written.
    await kit.control("faults", { endpoint: "/transactions/sync", kind: "http500", count: 50 });
    await expect(syncTransactions(deps({ pageSize: 1 }), item.id)).rejects.toThrow(/plaid_unavailable/);
    const after = await itemRow(item.id);
    expect(after.transactionsCursor).toBe(before.transactionsCursor);
    expect(after.syncState).toBe("failed");
    expect(await stagedRows(item.id)).toBe(0);
    await kit.control("faults/clear", {});
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced", added: 1 });
    await expectInStep(item);
  });

  it("discards what a crashed sync left staged and applies only its own pages", async () => {
    const item = await kit.connect();
    // A sync that died mid-way (its worker killed) left a page staged under its own attempt.
    await kit.handle.db.insert(syncStagedTransactions).values({
      itemId: item.id,
      attempt: randomUUID(),
      seq: 0,
      plaidTransactionId: "ghost-of-a-crashed-sync",
      removed: false,
      plaidAccountId: "acc-ghost",
      amount: "1.00",
      date: "2026-01-01",
      name: "Ghost",
      pending: false,
    });
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
    await expectInStep(item);
    expect(await stagedRows(item.id)).toBe(0);
  });

  it("sets login_required and stops when Plaid needs the user to sign in again", async () => {
    const item = await kit.connect();
    await kit.control(`items/${item.plaidItemId}/state`, { state: "login_required", webhook: false });
    expect(await syncTransactions(deps(), item.id)).toEqual({ status: "needs_user", itemStatus: "login_required" });
    expect(await itemRow(item.id)).toMatchObject({ status: "login_required", errorCode: "ITEM_LOGIN_REQUIRED", transactionsCursor: null });
  });

  it("runs one sync per item at a time; the others report busy", async () => {
    const item = await kit.connect();
    let inFlight = 0;
    let maxInFlight = 0;
    const base = kit.plaid.client;
    const client = Object.assign(Object.create(base) as PlaidApi, {
      transactionsSync: async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await base.transactionsSync(...args);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => syncTransactions(deps({ plaid: { ...kit.plaid, client }, pageSize: 20 }), item.id)),
    );
    expect(maxInFlight).toBe(1);
    expect(outcomes.filter((o) => o.status === "synced").length).toBeGreaterThanOrEqual(1);
    expect(outcomes.every((o) => o.status === "synced" || o.status === "busy")).toBe(true);
    await expectInStep(item);
  });
});

describe("syncTransactions before the data is ready", () => {
  let slowKit: SyncTestKit;
  beforeAll(async () => {
    slowKit = await createSyncTestKit({ emulator: { readyDelayMs: 60_000, timeScale: 1 } });
  });
  afterAll(async () => {
    await slowKit.close();
  });

  it("treats an empty first page with next_cursor '' as not ready, not as an error", async () => {
    const item = await slowKit.connect();
    expect(await syncTransactions({ handle: slowKit.handle, plaid: slowKit.plaid, sleep: noSleep }, item.id)).toEqual({ status: "not_ready" });
    const [row] = await slowKit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, item.id));
    expect(row).toMatchObject({ syncState: "not_ready", transactionsCursor: null });
    await slowKit.control(`items/${item.plaidItemId}/ready`, {});
    expect(await syncTransactions({ handle: slowKit.handle, plaid: slowKit.plaid, sleep: noSleep }, item.id)).toMatchObject({ status: "synced" });
  });
});

async function postedPendingIds(itemId: string): Promise<{ pendingTransactionIds: string[] }> {
  const { plaidTransactions } = await import("@/db/schema");
  const rows = await kit.handle.db
    .select({ pendingId: plaidTransactions.pendingTransactionId })
    .from(plaidTransactions)
    .where(eq(plaidTransactions.itemId, itemId));
  return { pendingTransactionIds: rows.flatMap((r) => (r.pendingId ? [r.pendingId] : [])) };
}
