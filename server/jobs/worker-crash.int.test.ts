import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs, plaidItems, plaidTransactions } from "@/db/schema";
import { asSet, createSyncTestKit, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { testDriver } from "@/test/test-database";
import { enqueueJob } from "./enqueue-job";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 90_000 });

// A separate worker process needs a server other processes can reach: PostgreSQL only.
const onPostgres = testDriver() === "postgres";
const LEASE_MS = 1_500;

let kit: SyncTestKit;
const children: ChildProcess[] = [];

function startWorkerProcess(databaseUrl: string): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "server/jobs/worker-cli.ts", "--lease-ms", String(LEASE_MS), "--concurrency", "1"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "ledgerlink-worker-")),
      PLAID_ENV: "emulator",
      PLAID_BASE_URL: kit.emulatorUrl,
      TOKEN_ENCRYPTION_KEYS: kit.encryptionKeys,
      AUTH_SECRET: "worker-crash-test-secret-0123456789abcdef",
      NODE_ENV: "test",
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      RUN_WORKER: "true",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));

describe.skipIf(!onPostgres)("a worker killed in the middle of a sync", () => {
  beforeAll(async () => {
    kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    await kit?.close();
  });

  it("loses nothing and duplicates nothing once another worker picks the job up", async () => {
    const databaseUrl = kit.handle.config.driver === "postgres" ? kit.handle.config.url : "";
    const item = await kit.connect({ username: "user_transactions_10k" });
    const job = await enqueueJob(kit.handle.db, { kind: "sync-transactions", key: item.id });
    // Slow pages: 10k transactions are 20 pages of 500; the first worker dies a few pages in.
    const slowPages = 40;
    await kit.control("faults", { endpoint: "/transactions/sync", kind: "delay", delay_ms: 150, count: slowPages });
    const remainingDelays = async () => {
      const { faults } = (await kit.control("faults")) as { faults: { remaining: number }[] };
      return faults.reduce((sum, fault) => sum + fault.remaining, 0);
    };

    const first = startWorkerProcess(databaseUrl);
    await expect.poll(remainingDelays, { timeout: 60_000, interval: 50 }).toBeLessThanOrEqual(slowPages - 5);
    first.kill("SIGKILL");
    await exited(first);

    // Killed mid-sync: the job is still marked running, and nothing of the sync was written.
    const [stuck] = await kit.handle.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(stuck?.state).toBe("running");
    const [before] = await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, item.id));
    expect(before?.transactionsCursor).toBeNull();
    const [{ n: rowsBefore } = { n: -1 }] = await kit.handle.db
      .select({ n: sql<number>`count(*)::int` })
      .from(plaidTransactions)
      .where(eq(plaidTransactions.itemId, item.id));
    expect(rowsBefore).toBe(0);

    const second = startWorkerProcess(databaseUrl);
    await expect
      .poll(async () => (await kit.handle.db.select({ state: jobs.state }).from(jobs).where(eq(jobs.id, job.id)))[0]?.state, {
        timeout: 90_000,
        interval: 200,
      })
      .toBe("succeeded");
    second.kill("SIGTERM");
    await exited(second);

    const [done] = await kit.handle.db.select().from(jobs).where(eq(jobs.id, job.id));
    expect(done).toMatchObject({ attempts: 2, lastError: "worker lost (lease expired)" });
    const [database, emulator] = await Promise.all([kit.databaseRows(item.id), kit.emulatorRows(item.plaidItemId)]);
    expect(database).toHaveLength(10_000);
    expect(new Set(database.map((row) => row.id)).size).toBe(database.length);
    expect(asSet(database)).toEqual(asSet(emulator));
  });
});
