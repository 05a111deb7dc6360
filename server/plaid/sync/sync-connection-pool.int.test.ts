import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createDatabase, type DatabaseHandle } from "@/db/client";
import { jobs, plaidItems } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { createJobHandlers } from "@/server/jobs/job-handlers";
import { createWorker } from "@/server/jobs/worker";
import { createLogger } from "@/server/logger";
import { asSet, createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

// As many worker loops as pooled connections, more items than loops, and every Plaid call slower
// than the server's idle_in_transaction_session_timeout: a sync that held a transaction (or a
// second connection) across Plaid calls would starve the pool or lose its connection.
const POOL_SIZE = 4;
const ITEMS = 9;
const IDLE_IN_TRANSACTION_TIMEOUT = "200ms";
const PLAID_DELAY_MS = 400;

let kit: SyncTestKit;
let pooled: DatabaseHandle;

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
  const { config } = kit.handle;
  if (config.driver === "postgres") {
    const database = new URL(config.url).pathname.slice(1);
    // Applies to every session opened from now on, i.e. all of the pool's below.
    await kit.handle.execRaw(`alter database "${database}" set idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION_TIMEOUT}'`);
    pooled = createDatabase({ driver: "postgres", url: config.url, maxConnections: POOL_SIZE });
  } else {
    pooled = kit.handle; // PGlite: one connection, shared by every loop.
  }
});
afterAll(async () => {
  if (pooled !== kit.handle) await pooled.close();
  await kit.close();
});

async function expectInStep(item: ConnectedTestItem) {
  const [emulator, database] = await Promise.all([kit.emulatorRows(item.plaidItemId), kit.databaseRows(item.id)]);
  expect(asSet(database)).toEqual(asSet(emulator));
}

describe("syncs with one worker loop per pooled connection", () => {
  it("completes more items than loops while each Plaid call outlasts idle_in_transaction_session_timeout", async () => {
    const items: ConnectedTestItem[] = [];
    for (let i = 0; i < ITEMS; i += 1) items.push(await kit.connect());
    for (const item of items) await enqueueJob(kit.handle.db, { kind: "sync-transactions", key: item.id });
    await kit.control("faults", { endpoint: "/transactions/sync", kind: "delay", delay_ms: PLAID_DELAY_MS, count: 10_000 });

    const worker = createWorker({
      db: pooled.db,
      handlers: createJobHandlers({ handle: pooled, plaid: kit.plaid, sync: { sleep: async () => {}, pageSize: 100 } }),
      logger: createLogger({ level: process.env.TEST_LOG_LEVEL ?? "silent" }),
      concurrency: POOL_SIZE,
      pollMs: 20,
      backoff: { baseMs: 10, capMs: 50 },
    });
    const ids = items.map((item) => item.id);
    // Only the syncs: a finished sync may queue follow-up work for its item (recurring streams).
    const states = async () =>
      (await kit.handle.db.select({ state: jobs.state }).from(jobs).where(and(inArray(jobs.key, ids), eq(jobs.kind, "sync-transactions")))).map((j) => j.state);
    const startedAt = Date.now();
    worker.start();
    try {
      await expect.poll(states, { timeout: 60_000, interval: 100 }).toEqual(Array.from({ length: ITEMS }, () => "succeeded"));
    } finally {
      await kit.control("faults/clear", {});
      // A starved pool never lets the loops finish; do not hang the file on it.
      await Promise.race([worker.stop(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    }
    process.stdout.write(`[sync-connection-pool] ${ITEMS} items, ${POOL_SIZE} loops on ${POOL_SIZE} connections: ${Date.now() - startedAt} ms\n`);

    for (const item of items) {
      const [row] = await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, item.id));
      expect(row).toMatchObject({ syncState: "idle", syncLeaseOwner: null });
      await expectInStep(item);
    }
  });
});
