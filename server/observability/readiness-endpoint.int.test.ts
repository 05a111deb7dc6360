import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { jobs, workerHeartbeats } from "@/db/schema";
import { createTestDatabase, testDriver } from "@/test/test-database";
import { readMigrationJournal } from "./migration-status";
import { checkReadiness, createReadinessProbe, type ReadinessProbeOptions } from "./readiness";
import { answerReadinessRequest } from "./readiness-endpoint";

const TOKEN = "metrics-token-0123456789";
const journal = readMigrationJournal();
let handle: DatabaseHandle;

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

/** The route's wiring around a test database, counting how often the database is asked. */
function readyRoute(overrides: Partial<ReadinessProbeOptions> = {}) {
  const counter = { probes: 0 };
  const probe = createReadinessProbe({
    getDb: async () => {
      counter.probes += 1;
      return handle.db;
    },
    journal: () => journal,
    staleSeconds: 60,
    ...overrides,
  });
  const get = async (authorization?: string, shuttingDown = false) => answerReadinessRequest(await probe(shuttingDown), authorization ?? null, TOKEN);
  return { get, counter };
}

describe("GET /api/health/ready under load", () => {
  it("runs the database checks once for 50 concurrent GETs, and again only after the cached report's second", async () => {
    let now = 0;
    await handle.db.insert(workerHeartbeats).values({ workerId: "alive" });
    const { get, counter } = readyRoute({ now: () => now });
    const answers = await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(answers.map((r) => r.status)).toEqual(Array<number>(50).fill(200));
    expect(counter.probes).toBe(1);

    now = 999;
    await Promise.all(Array.from({ length: 50 }, () => get()));
    expect(counter.probes).toBe(1);
    now = 1_000;
    await get();
    expect(counter.probes).toBe(2);
  });

  it("reports shutting down at once, even from a cached report", async () => {
    await handle.db.insert(workerHeartbeats).values({ workerId: "alive" });
    const { get, counter } = readyRoute({ now: () => 0 });
    expect((await get()).status).toBe(200);
    expect((await get(`Bearer ${TOKEN}`, true)).status).toBe(503);
    expect(await (await get(`Bearer ${TOKEN}`, true)).json()).toMatchObject({ status: "not_ready", reasons: ["shutting down"] });
    expect(counter.probes).toBe(1);
  });
});

describe("GET /api/health/ready without and with the metrics token", () => {
  it("answers anyone a bare status: no migrations, queue, workers or reasons, ready or not", async () => {
    const notReady = await readyRoute().get();
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: "not_ready" });
    expect(notReady.headers.get("cache-control")).toBe("no-store");

    await handle.db.insert(workerHeartbeats).values({ workerId: "alive" });
    for (const authorization of [undefined, "Bearer wrong-token-0123456789", `Basic ${TOKEN}`]) {
      const ready = await readyRoute().get(authorization);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: "ready" });
    }
  });

  it("answers the metrics token the full report", async () => {
    const response = await readyRoute().get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: "not_ready",
      reasons: ["no job worker heartbeat in the last 60 s"],
      database: { reachable: true },
      migrations: { current: true, pending: [] },
      queue: { ready: 0, scheduled: 0, running: 0 },
      workers: { live: 0, staleAfterSeconds: 60 },
    });
  });

  it("shows no details to anyone while METRICS_TOKEN is unset", async () => {
    const report = await checkReadiness({ getDb: async () => handle.db, journal: () => journal, staleSeconds: 60 });
    const response = answerReadinessRequest(report, "Bearer ", undefined);
    expect(await response.json()).toEqual({ status: "not_ready" });
  });
});

describe.runIf(testDriver() === "postgres")("the readiness probe's statement timeout", () => {
  it("cancels a probe stuck behind a lock in the database itself, not only stops waiting for it", async () => {
    if (handle.config.driver !== "postgres") throw new Error("needs PostgreSQL");
    const other = postgres(handle.config.url, { max: 1, onnotice: () => {} });
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const locker = other.begin(async (tx) => {
      await tx`lock table jobs in access exclusive mode`;
      locked();
      await held;
    });
    try {
      await isLocked;
      const started = performance.now();
      const report = await checkReadiness({ getDb: async () => handle.db, journal: () => journal, staleSeconds: 60, timeoutMs: 300 });
      expect(report).toMatchObject({ status: "not_ready", reasons: ["database unreachable"] });
      expect(performance.now() - started).toBeLessThan(2_000);
      // The queue snapshot that waited on the lock is gone from the server, lock still held
      // (asked over the app's pool: `other`'s one connection holds the lock).
      await expect
        .poll(async () => {
          const [row] = await queryRows<{ n: number }>(
            handle.db,
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          );
          return row?.n;
        }, { timeout: 2_000 })
        .toBe(0);
    } finally {
      release();
      await locker;
      await other.end({ timeout: 5 });
    }
  });
});
