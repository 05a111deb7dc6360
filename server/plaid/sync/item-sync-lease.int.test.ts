import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { jobs, plaidItems } from "@/db/schema";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { createJobHandlers } from "@/server/jobs/job-handlers";
import { createWorker } from "@/server/jobs/worker";
import { createLogger } from "@/server/logger";
import { asSet, createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { ACCESS_TOKEN_UNREADABLE, ACCESS_TOKEN_UNREADABLE_MESSAGE } from "../decrypt-item-token";
import { syncTransactions, type SyncDeps } from "./sync-transactions";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
const deps = (overrides: Partial<SyncDeps> = {}): SyncDeps => ({ handle: kit.handle, plaid: kit.plaid, sleep: async () => {}, pageSize: 40, ...overrides });

/** A client whose /transactions/sync runs `after` once each page has been answered. */
function clientWithHook(after: (call: number) => Promise<void>): PlaidApi {
  const base = kit.plaid.client;
  let calls = 0;
  return Object.assign(Object.create(base) as PlaidApi, {
    transactionsSync: async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
      const result = await base.transactionsSync(...args);
      calls += 1;
      await after(calls);
      return result;
    },
  });
}

async function itemRow(itemId: string) {
  const [row] = await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
  if (!row) throw new Error("item missing");
  return row;
}

async function expectInStep(item: ConnectedTestItem) {
  const [emulator, database] = await Promise.all([kit.emulatorRows(item.plaidItemId), kit.databaseRows(item.id)]);
  expect(new Set(database.map((row) => row.id)).size).toBe(database.length);
  expect(asSet(database)).toEqual(asSet(emulator));
}

/** Another sync "takes over": what a worker does once this one's lease has lapsed. */
async function takeLease(itemId: string, owner: string, expiresInMs: number) {
  await kit.handle.db.execute(
    sql`update plaid_items set sync_lease_owner = ${owner}, sync_lease_expires_at = now() + ${expiresInMs}::int * interval '1 millisecond' where id = ${itemId}`,
  );
}

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
});
afterAll(async () => {
  await kit.close();
});
beforeEach(async () => {
  await kit.control("faults/clear", {});
});

describe("the item sync lease", () => {
  it("lets one of two concurrent syncs of an item run; the other reports busy and nothing is doubled", async () => {
    const item = await kit.connect();
    let second: Promise<unknown> | undefined;
    // The second sync starts while the first is between Plaid pages, holding no transaction.
    const client = clientWithHook(async (call) => {
      if (call === 1) second = syncTransactions(deps(), item.id);
    });
    const first = await syncTransactions(deps({ plaid: { ...kit.plaid, client } }), item.id);
    expect(first).toMatchObject({ status: "synced" });
    expect(await second).toEqual({ status: "busy" });
    await expectInStep(item);
    expect(await itemRow(item.id)).toMatchObject({ syncLeaseOwner: null, syncLeaseExpiresAt: null });
  });

  it("writes nothing when its lease was taken over during the Plaid calls", async () => {
    const item = await kit.connect();
    const client = clientWithHook(async (call) => {
      if (call === 1) await takeLease(item.id, "another-worker", 60_000);
    });
    expect(await syncTransactions(deps({ plaid: { ...kit.plaid, client } }), item.id)).toEqual({ status: "busy" });
    const row = await itemRow(item.id);
    expect(row).toMatchObject({ transactionsCursor: null, syncLeaseOwner: "another-worker" });
    expect(await kit.databaseRows(item.id)).toEqual([]);

    // Once the other holder is gone (its lease lapsed), the next sync catches up from the stored cursor.
    await takeLease(item.id, "another-worker", -1);
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
    await expectInStep(item);
  });

  it("stops fetching pages as soon as a renewal finds the lease taken over", async () => {
    const item = await kit.connect();
    let calls = 0;
    const client = clientWithHook(async (call) => {
      calls = call;
      if (call === 1) await takeLease(item.id, "another-worker", 60_000);
      // Slow pages: the renewal timer (every third of 150 ms) runs between them.
      await new Promise((resolve) => setTimeout(resolve, 120));
    });
    expect(await syncTransactions(deps({ plaid: { ...kit.plaid, client }, pageSize: 5, leaseMs: 150 }), item.id)).toEqual({ status: "busy" });
    expect(calls).toBeLessThanOrEqual(2);
    expect(await kit.databaseRows(item.id)).toEqual([]);
  });

  it("takes over a lease its holder stopped renewing, and waits out one about to lapse", async () => {
    const item = await kit.connect();
    await takeLease(item.id, "killed-worker", -1_000);
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });

    // Under half its term left: its holder has most likely died; waiting beats deferring the job.
    await takeLease(item.id, "dying-worker", 200);
    expect(await syncTransactions(deps({ leaseMs: 1_000 }), item.id)).toMatchObject({ status: "synced" });
    // A lease renewed recently (more than half its term left) is a live holder: busy at once.
    await takeLease(item.id, "live-worker", 900);
    expect(await syncTransactions(deps({ leaseMs: 1_000 }), item.id)).toEqual({ status: "busy" });
    expect((await itemRow(item.id)).syncLeaseOwner).toBe("live-worker");
  });

  it("keeps renewing through Plaid calls longer than its term, and the write still lands", async () => {
    const item = await kit.connect();
    await kit.control("faults", { endpoint: "/transactions/sync", kind: "delay", delay_ms: 300, count: 3 });
    expect(await syncTransactions(deps({ leaseMs: 150, pageSize: 100 }), item.id)).toMatchObject({ status: "synced" });
    await expectInStep(item);
  });
});

describe("a stored token that cannot be decrypted", () => {
  it("fails the sync and refresh jobs with ACCESS_TOKEN_UNREADABLE and tells the user on the item", async () => {
    const item = await kit.connect();
    // The key that sealed the token is gone from TOKEN_ENCRYPTION_KEYS.
    const vault = createTokenVault(parseKeyRing(`other:${randomBytes(32).toString("base64")}`));
    const worker = createWorker({
      db: kit.handle.db,
      handlers: createJobHandlers({ handle: kit.handle, plaid: { ...kit.plaid, vault }, sync: { sleep: async () => {} } }),
      logger: createLogger({ level: "silent" }),
      pollMs: 20,
    });
    const syncJob = await enqueueJob(kit.handle.db, { kind: "sync-transactions", key: item.id });
    const refreshJob = await enqueueJob(kit.handle.db, { kind: "refresh-item", key: item.id });
    expect(await worker.drain()).toBe(2);

    for (const id of [syncJob.id, refreshJob.id]) {
      const [job] = await kit.handle.db.select().from(jobs).where(eq(jobs.id, id));
      expect(job?.state).toBe("failed");
      expect(job?.lastError).toContain(ACCESS_TOKEN_UNREADABLE);
    }
    expect(await itemRow(item.id)).toMatchObject({
      status: "error",
      errorCode: ACCESS_TOKEN_UNREADABLE,
      errorMessage: ACCESS_TOKEN_UNREADABLE_MESSAGE,
      syncLeaseOwner: null,
    });
  });
});
