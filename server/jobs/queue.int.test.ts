import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import { claimNextJob } from "./claim-next-job";
import { enqueueJob } from "./enqueue-job";
import { requeueJob } from "./finish-job";
import { PermanentJobError, RetryableJobError } from "./job-errors";
import { createWorker, type JobHandler } from "./worker";

let handle: DatabaseHandle;
const logger = createLogger({ level: "silent" });

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(jobs);
});

const jobById = async (id: number) => {
  const [row] = await handle.db.select().from(jobs).where(eq(jobs.id, id));
  if (!row) throw new Error(`job ${id} not found`);
  return row;
};

const worker = (handler: JobHandler, leaseMs = 60_000) =>
  createWorker({ db: handle.db, handlers: { "sync-transactions": handler, "refresh-item": handler }, logger, leaseMs, random: () => 0.5 });

describe("job queue", () => {
  it("coalesces queued work per kind and key", async () => {
    const a = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    const b = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    const c = await enqueueJob(handle.db, { kind: "refresh-item", key: "item-1" });
    expect(b).toEqual({ id: a.id, coalesced: true });
    expect(c.coalesced).toBe(false);
  });

  it("claims the oldest due job, marks it running and counts the attempt", async () => {
    const later = await enqueueJob(handle.db, { kind: "sync-transactions", key: "later", runAfter: new Date(Date.now() + 60_000) });
    const first = await enqueueJob(handle.db, { kind: "sync-transactions", key: "first", runAfter: new Date(Date.now() - 2000) });
    await enqueueJob(handle.db, { kind: "sync-transactions", key: "second", runAfter: new Date(Date.now() - 1000) });
    const claimed = await claimNextJob(handle.db, "w1", 60_000);
    expect(claimed).toMatchObject({ id: first.id, key: "first", attempts: 1 });
    expect(await jobById(first.id)).toMatchObject({ state: "running", lockedBy: "w1", attempts: 1 });
    expect((await jobById(later.id)).state).toBe("queued");
  });

  it("never hands one job to two concurrent claimers", async () => {
    for (let i = 0; i < 20; i += 1) await enqueueJob(handle.db, { kind: "sync-transactions", key: `item-${i}` });
    const claims = await Promise.all(Array.from({ length: 40 }, (_, i) => claimNextJob(handle.db, `w${i}`, 60_000)));
    const ids = claims.flatMap((claim) => (claim ? [claim.id] : []));
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it("does not start a second job for a kind and key that is already running", async () => {
    const first = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    expect((await claimNextJob(handle.db, "w1", 60_000))?.id).toBe(first.id);
    const second = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    expect(second.coalesced).toBe(false);
    expect(await claimNextJob(handle.db, "w2", 60_000)).toBeNull();
  });

  it("retries a failing job later with exponential backoff, then parks it as failed with the error", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    await handle.db.update(jobs).set({ maxAttempts: 3 }).where(eq(jobs.id, id));
    const w = worker(async () => {
      throw new Error("Plaid is down");
    });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      expect(await w.runNext()).toBe(true);
      const row = await jobById(id);
      expect(row.attempts).toBe(attempt);
      expect(row.lastError).toBe("Error: Plaid is down");
      if (attempt < 3) {
        expect(row.state).toBe("queued");
        delays.push(row.runAfter.getTime() - Date.now());
        await handle.db.update(jobs).set({ runAfter: new Date(Date.now() - 1) }).where(eq(jobs.id, id));
      } else {
        expect(row.state).toBe("failed");
        expect(row.finishedAt).not.toBeNull();
      }
    }
    // 5 s then 10 s with the jitter pinned at its midpoint (75% of each).
    expect(delays[0]).toBeGreaterThan(3000);
    expect(delays[0]).toBeLessThan(4000);
    expect(delays[1]).toBeGreaterThan(7000);
    expect(delays[1]).toBeLessThan(8000);
    expect(await w.runNext()).toBe(false);
  });

  it("parks a job at once on a permanent error and honours a retryable error's minimum delay", async () => {
    const permanent = await enqueueJob(handle.db, { kind: "sync-transactions", key: "p" });
    await worker(async () => {
      throw new PermanentJobError("access revoked");
    }).runNext();
    expect(await jobById(permanent.id)).toMatchObject({ state: "failed", attempts: 1, lastError: "PermanentJobError: access revoked" });

    const limited = await enqueueJob(handle.db, { kind: "sync-transactions", key: "r" });
    await worker(async () => {
      throw new RetryableJobError("rate limited", 120_000);
    }).runNext();
    const row = await jobById(limited.id);
    expect(row.state).toBe("queued");
    expect(row.runAfter.getTime() - Date.now()).toBeGreaterThan(110_000);
  });

  it("gives a deferred job its attempt back", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    await worker(async () => ({ outcome: "defer", delayMs: 5000, reason: "busy" })).runNext();
    expect(await jobById(id)).toMatchObject({ state: "queued", attempts: 0, lockedBy: null });
  });

  it("hands a retry to the job queued meanwhile for the same work, with its attempts", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    const claimed = await claimNextJob(handle.db, "w1", 60_000);
    if (!claimed) throw new Error("not claimed");
    const sibling = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    await handle.db.update(jobs).set({ attempts: 2 }).where(eq(jobs.id, id));
    const outcome = await requeueJob(handle.db, { ...claimed, attempts: 2 }, "w1", { kind: "retry", delayMs: 10_000, error: "boom" });
    expect(outcome).toBe("superseded");
    expect(await jobById(id)).toMatchObject({ state: "failed", lastError: `boom (continued as job ${sibling.id})` });
    const next = await jobById(sibling.id);
    expect(next).toMatchObject({ state: "queued", attempts: 2 });
    expect(next.runAfter.getTime()).toBeGreaterThan(Date.now() + 5000);
  });

  it("requeues the job of a worker that died once the lease on its row runs out, and another worker finishes it", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    expect(await claimNextJob(handle.db, "dead-worker", 60_000)).not.toBeNull();
    const ran: string[] = [];
    const survivor = worker(async (job) => {
      ran.push(job.key);
      return { outcome: "done" };
    }, 200);
    // The survivor's own 200 ms lease is not the judge: the row says a minute.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await survivor.runNext()).toBe(false);
    await handle.db.update(jobs).set({ leaseExpiresAt: sql`now() - interval '1 second'` }).where(eq(jobs.id, id));
    // The reaper runs at most twice per lease; wait past that window.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await survivor.drain()).toBe(1);
    expect(ran).toEqual(["item-1"]);
    expect(await jobById(id)).toMatchObject({ state: "succeeded", attempts: 2, leaseExpiresAt: null });
  });

  it("never lets a short-lease worker take or duplicate a job another worker keeps alive by heartbeat", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    const runs: string[] = [];
    let active = 0;
    let mostAtOnce = 0;
    const handler =
      (who: string, workMs: number): JobHandler =>
      async (job) => {
        runs.push(`${who}:${job.id}`);
        mostAtOnce = Math.max(mostAtOnce, (active += 1));
        await new Promise((resolve) => setTimeout(resolve, workMs));
        active -= 1;
        return { outcome: "done" };
      };
    // Runs twice as long as its 1.5 s lease: only the heartbeat (every 500 ms) keeps it alive.
    const long = worker(handler("long", 3_000), 1_500);
    const short = createWorker({ db: handle.db, handlers: { "sync-transactions": handler("short", 0) }, logger, leaseMs: 100, pollMs: 20 });
    const longRun = long.runNext();
    await expect.poll(() => runs).toEqual([`long:${id}`]);
    // Sync now while it runs: queued beside it, but must not start until the running one is done.
    const sibling = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    short.start();
    try {
      expect(await longRun).toBe(true);
      await expect.poll(() => runs, { timeout: 5_000 }).toEqual([`long:${id}`, `short:${sibling.id}`]);
    } finally {
      await short.stop();
    }
    expect(mostAtOnce).toBe(1);
    expect(await jobById(id)).toMatchObject({ state: "succeeded", attempts: 1, lastError: null });
  });

  it("keeps a rate-limit backoff when Sync now enqueues the same work, and still pulls a fresh queued job forward", async () => {
    const { id } = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    await worker(async () => {
      throw new RetryableJobError("/transactions/sync rate_limited", 60_000);
    }).runNext();
    const backoffEnds = (await jobById(id)).runAfter;
    expect(backoffEnds.getTime() - Date.now()).toBeGreaterThan(55_000);

    // What "Sync now" does (server/plaid/request-sync.ts): enqueue for now.
    expect(await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" })).toEqual({ id, coalesced: true });
    expect((await jobById(id)).runAfter).toEqual(backoffEnds);
    const ran: number[] = [];
    expect(
      await worker(async (job) => {
        ran.push(job.id);
        return { outcome: "done" };
      }).runNext(),
    ).toBe(false);
    expect(ran).toEqual([]);

    // A job that never ran has no backoff to protect: the earlier request wins.
    const later = await enqueueJob(handle.db, { kind: "refresh-item", key: "item-1", runAfter: new Date(Date.now() + 60_000) });
    await enqueueJob(handle.db, { kind: "refresh-item", key: "item-1" });
    expect((await jobById(later.id)).runAfter.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it("runs jobs in the background and wakes up when told", async () => {
    const done: string[] = [];
    const w = createWorker({
      db: handle.db,
      logger,
      pollMs: 60_000,
      handlers: {
        "sync-transactions": async (job) => {
          done.push(job.key);
          return { outcome: "done" };
        },
      },
    });
    w.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await enqueueJob(handle.db, { kind: "sync-transactions", key: "woken" });
    const { wakeWorkers } = await import("./wake-workers");
    wakeWorkers();
    await expect.poll(() => done, { timeout: 5000 }).toEqual(["woken"]);
    await w.stop();
  });
});
