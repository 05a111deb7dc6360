import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDatabase, type DatabaseHandle } from "@/db/client";
import { jobs, workerHeartbeats } from "@/db/schema";
import { startWorkerHeartbeat } from "@/server/jobs/worker-heartbeat";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import { readMigrationJournal } from "./migration-status";
import { checkReadiness, type ReadinessDeps } from "./readiness";

let handle: DatabaseHandle;
const logger = createLogger({ level: "silent" });
const journal = readMigrationJournal();

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(jobs);
  await handle.db.delete(workerHeartbeats);
});

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000);
const deps = (overrides: Partial<ReadinessDeps> = {}): ReadinessDeps => ({ getDb: async () => handle.db, journal: () => journal, staleSeconds: 60, ...overrides });

describe("GET /api/health/ready", () => {
  it("is ready once a worker beats, and reports migrations, queue depth, the oldest ready job's age and the workers", async () => {
    await handle.db.insert(jobs).values([
      { kind: "sync-transactions", key: "due", runAfter: secondsAgo(30) },
      { kind: "sync-transactions", key: "later", runAfter: new Date(Date.now() + 60_000) },
      { kind: "refresh-item", key: "busy", state: "running", lockedBy: "w", leaseExpiresAt: new Date(Date.now() + 60_000) },
    ]);
    const heartbeat = startWorkerHeartbeat(handle.db, { id: "worker-a", runningJobs: () => 1 }, logger);
    try {
      await expect.poll(async () => (await checkReadiness(deps())).status).toBe("ready");
      const report = await checkReadiness(deps());
      expect(report).toMatchObject({
        status: "ready",
        reasons: [],
        database: { reachable: true },
        migrations: { current: true, applied: journal.entries.length, expected: journal.entries.length, pending: [] },
        queue: { ready: 1, scheduled: 1, running: 1 },
        workers: { live: 1, staleAfterSeconds: 60, jobsRunning: 1 },
      });
      expect(report.queue?.oldestReadySeconds).toBeGreaterThanOrEqual(29);
      expect(report.queue?.oldestReadySeconds).toBeLessThan(120);
      expect(report.workers?.newestBeatSeconds).toBeLessThan(5);
    } finally {
      await heartbeat.stop();
    }
    // A worker that stopped cleanly removed its row: no worker is left.
    expect(await handle.db.select().from(workerHeartbeats)).toEqual([]);
    expect(await checkReadiness(deps())).toMatchObject({ status: "not_ready", reasons: ["no job worker heartbeat in the last 60 s"] });
  });

  it("answers not ready when the freshest heartbeat is older than READY_WORKER_STALE_SECONDS", async () => {
    await handle.db.insert(workerHeartbeats).values({ workerId: "gone", startedAt: secondsAgo(600), beatAt: secondsAgo(90) });
    const stale = await checkReadiness(deps({ staleSeconds: 60 }));
    expect(stale).toMatchObject({ status: "not_ready", reasons: ["no job worker heartbeat in the last 60 s"], workers: { live: 0 } });
    expect(stale.workers?.newestBeatSeconds).toBeGreaterThanOrEqual(89);
    expect(await checkReadiness(deps({ staleSeconds: 120 }))).toMatchObject({ status: "ready", workers: { live: 1 } });
  });

  it("answers not ready, naming them, when this build has migrations the database has not applied", async () => {
    await handle.db.insert(workerHeartbeats).values({ workerId: "alive" });
    const ahead = { entries: [...journal.entries, { tag: "9999_from_the_future", when: Date.now() + 86_400_000 }] };
    expect(await checkReadiness(deps({ journal: () => ahead }))).toMatchObject({
      status: "not_ready",
      reasons: ["1 migration(s) not applied"],
      migrations: { current: false, pending: ["9999_from_the_future"] },
    });
  });

  it("answers not ready on a database never migrated, reporting every migration pending", async () => {
    const blank = createDatabase({ driver: "pglite" });
    try {
      // A fresh PGlite takes seconds to start here: the default 3 s would report it unreachable.
      const report = await checkReadiness(deps({ getDb: async () => blank.db, timeoutMs: 60_000 }));
      expect(report).toMatchObject({ status: "not_ready", database: { reachable: true }, migrations: { current: false, applied: 0 }, queue: null, workers: null });
      expect(report.migrations?.pending).toEqual(journal.entries.map((entry) => entry.tag));
    } finally {
      await blank.close();
    }
  });

  it("answers not ready when the database is down or too slow, and the report names no host or error", async () => {
    const errors: unknown[] = [];
    const down = await checkReadiness(
      deps({ getDb: () => Promise.reject(new Error("connect ECONNREFUSED 10.1.2.3:5432")), onDatabaseError: (error) => errors.push(error) }),
    );
    expect(down).toEqual({ status: "not_ready", reasons: ["database unreachable"], database: { reachable: false }, migrations: null, queue: null, workers: null });
    expect(JSON.stringify(down)).not.toContain("10.1.2.3");
    expect(errors).toHaveLength(1);
    const slow = await checkReadiness(deps({ getDb: () => new Promise(() => {}), timeoutMs: 100 }));
    expect(slow).toMatchObject({ status: "not_ready", reasons: ["database unreachable"] });
  });

  it("answers not ready while the process shuts down, so load balancers stop sending it traffic", async () => {
    await handle.db.insert(workerHeartbeats).values({ workerId: "alive" });
    expect(await checkReadiness(deps({ shuttingDown: true }))).toMatchObject({ status: "not_ready", reasons: ["shutting down"], database: { reachable: true } });
  });
});
