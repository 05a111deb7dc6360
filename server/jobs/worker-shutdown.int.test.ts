import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { jobs, plaidItems, plaidTransactions, workerHeartbeats } from "@/db/schema";
import { asSet, createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { testDriver } from "@/test/test-database";
import { enqueueJob } from "./enqueue-job";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 90_000 });

// A separate worker process needs a server other processes can reach: PostgreSQL only.
const onPostgres = testDriver() === "postgres";
const LEASE_MS = 1_500;
const METRICS_TOKEN = "shutdown-test-metrics-token-0123";

let kit: SyncTestKit;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** `npm run worker -- --lease-ms 1500 --concurrency 1 [--metrics-port n]`, as the deploy runs it. */
function startWorkerProcess(options: { graceSeconds: number; metricsPort?: number }): ChildProcess {
  const databaseUrl = kit.handle.config.driver === "postgres" ? kit.handle.config.url : "";
  const flags = ["--lease-ms", String(LEASE_MS), "--concurrency", "1", ...(options.metricsPort ? ["--metrics-port", String(options.metricsPort)] : [])];
  const child = spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-cli.ts", ...flags], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "ledgerlink-worker-")),
      PLAID_ENV: "emulator",
      PLAID_BASE_URL: kit.emulatorUrl,
      TOKEN_ENCRYPTION_KEYS: kit.encryptionKeys,
      AUTH_SECRET: "worker-shutdown-test-secret-0123456789abcdef",
      NODE_ENV: "test",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      WORKER_SHUTDOWN_GRACE_SECONDS: String(options.graceSeconds),
      METRICS_TOKEN,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

const exitCode = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

async function jobRow(id: number) {
  const [row] = await kit.handle.db.select().from(jobs).where(eq(jobs.id, id));
  return row;
}

async function transactionCount(itemId: string): Promise<number> {
  const [row] = await kit.handle.db.select({ n: sql<number>`count(*)::int` }).from(plaidTransactions).where(eq(plaidTransactions.itemId, itemId));
  return row?.n ?? -1;
}

/** An item with 10k transactions (20 pages of 500) whose pages come slowly, and its queued sync. */
async function slowSync(delayMs: number): Promise<{ item: ConnectedTestItem; jobId: number; pagesLeft: () => Promise<number>; pages: number }> {
  const item = await kit.connect({ username: "user_transactions_10k" });
  const { id: jobId } = await enqueueJob(kit.handle.db, { kind: "sync-transactions", key: item.id });
  const pages = 40;
  await kit.control("faults", { endpoint: "/transactions/sync", kind: "delay", delay_ms: delayMs, count: pages });
  const pagesLeft = async () => {
    const { faults } = (await kit.control("faults")) as { faults: { remaining: number }[] };
    return faults.reduce((sum, fault) => sum + fault.remaining, 0);
  };
  return { item, jobId, pagesLeft, pages };
}

describe.skipIf(!onPostgres)("SIGTERM to `npm run worker` in the middle of a sync", () => {
  beforeAll(async () => {
    kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
  });
  beforeEach(async () => {
    await kit.control("faults/clear", {});
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await kit?.close();
  });

  it("finishes the sync within the grace period, then exits 0 leaving no job leased and no heartbeat", async () => {
    const { item, jobId, pagesLeft, pages } = await slowSync(150);
    const metricsPort = await freePort();
    const worker = startWorkerProcess({ graceSeconds: 60, metricsPort });
    await expect.poll(pagesLeft, { timeout: 60_000, interval: 50 }).toBeLessThanOrEqual(pages - 3);

    // Mid-sync, the worker's own metrics port answers with its bearer token only.
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(metricsUrl)).status).toBe(401);
    const scrape = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scrape.status).toBe(200);
    expect(await scrape.text()).toMatch(/^ledgerlink_queue_depth\{state="running"\} 1$/m);
    expect(await kit.handle.db.select().from(workerHeartbeats)).toHaveLength(1);

    worker.kill("SIGTERM");
    expect(await exitCode(worker)).toBe(0);

    expect(await jobRow(jobId)).toMatchObject({ state: "succeeded", attempts: 1, lockedBy: null, leaseExpiresAt: null });
    expect(await kit.handle.db.select().from(jobs).where(eq(jobs.state, "running"))).toEqual([]);
    expect(await kit.handle.db.select().from(workerHeartbeats)).toEqual([]);
    const [database, emulator] = await Promise.all([kit.databaseRows(item.id), kit.emulatorRows(item.plaidItemId)]);
    expect(database).toHaveLength(10_000);
    expect(asSet(database)).toEqual(asSet(emulator));
  });

  it("hands the sync back unfinished when the grace period runs out (attempt not counted), and the next worker completes it", async () => {
    const { item, jobId, pagesLeft, pages } = await slowSync(300);
    const first = startWorkerProcess({ graceSeconds: 1 });
    await expect.poll(pagesLeft, { timeout: 60_000, interval: 50 }).toBeLessThanOrEqual(pages - 3);
    expect((await jobRow(jobId))?.state).toBe("running");

    const signalledAt = Date.now();
    first.kill("SIGTERM");
    expect(await exitCode(first)).toBe(0);
    // 1 s of grace, then hand back, close the pool and exit: nowhere near the 20 pages left.
    expect(Date.now() - signalledAt).toBeLessThan(10_000);

    expect(await jobRow(jobId)).toMatchObject({ state: "queued", attempts: 0, lockedBy: null, leaseExpiresAt: null, lastError: null });
    expect(await kit.handle.db.select().from(workerHeartbeats)).toEqual([]);
    const [unsynced] = await kit.handle.db.select({ cursor: plaidItems.transactionsCursor }).from(plaidItems).where(eq(plaidItems.id, item.id));
    expect(unsynced?.cursor).toBeNull();
    expect(await transactionCount(item.id)).toBe(0);

    const second = startWorkerProcess({ graceSeconds: 60 });
    await expect.poll(async () => (await jobRow(jobId))?.state, { timeout: 90_000, interval: 200 }).toBe("succeeded");
    second.kill("SIGTERM");
    expect(await exitCode(second)).toBe(0);

    expect(await jobRow(jobId)).toMatchObject({ attempts: 1 });
    const [database, emulator] = await Promise.all([kit.databaseRows(item.id), kit.emulatorRows(item.plaidItemId)]);
    expect(database).toHaveLength(10_000);
    expect(new Set(database.map((row) => row.id)).size).toBe(database.length);
    expect(asSet(database)).toEqual(asSet(emulator));
  });
});
