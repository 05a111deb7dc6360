import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { runWithRequestId } from "@/server/observability/request-context";
import { createTestDatabase } from "@/test/test-database";
import { enqueueJob } from "./enqueue-job";
import { createWorker, type JobHandler } from "./worker";

let handle: DatabaseHandle;
const silent = createLogger({ level: "silent" });

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(jobs);
});

const jobById = async (id: number) => (await handle.db.select().from(jobs).where(eq(jobs.id, id)))[0];

/** A handler that runs until `release()` is called, and says when it started. */
function blockingHandler() {
  let release = () => {};
  let started = () => {};
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const handler: JobHandler = async () => {
    started();
    await new Promise<void>((resolve) => (release = resolve));
    return { outcome: "done" };
  };
  return { handler, started: startedPromise, release: () => release() };
}

const workerWith = (handler: JobHandler, logger = silent) =>
  createWorker({ db: handle.db, handlers: { "sync-transactions": handler }, logger, leaseMs: 60_000, pollMs: 20 });

describe("stopping a worker", () => {
  it("lets a running job finish within the grace period, then stops claiming", async () => {
    const blocking = blockingHandler();
    const worker = workerWith(blocking.handler);
    const job = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    worker.start();
    await blocking.started;
    expect(worker.runningJobs()).toBe(1);
    const stopping = worker.stop({ graceMs: 5_000 });
    const later = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-2" });
    setTimeout(blocking.release, 100);
    expect(await stopping).toEqual({ released: 0 });
    expect(await jobById(job.id)).toMatchObject({ state: "succeeded", attempts: 1, lockedBy: null, leaseExpiresAt: null });
    expect(await jobById(later.id)).toMatchObject({ state: "queued", attempts: 0 });
    expect(worker.runningJobs()).toBe(0);
  });

  it("hands a job still running after the grace period back to the queue, due now, without counting the attempt", async () => {
    const blocking = blockingHandler();
    const worker = workerWith(blocking.handler);
    const job = await enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" });
    worker.start();
    await blocking.started;
    expect(await jobById(job.id)).toMatchObject({ state: "running", attempts: 1 });

    expect(await worker.stop({ graceMs: 100 })).toEqual({ released: 1 });
    const released = await jobById(job.id);
    expect(released).toMatchObject({ state: "queued", attempts: 0, lockedBy: null, lockedAt: null, leaseExpiresAt: null, lastError: null });
    expect(released?.runAfter.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);

    // The abandoned run finishing late changes nothing: the row is no longer its own.
    blocking.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await jobById(job.id)).toMatchObject({ state: "queued", attempts: 0 });
  });

  it("runs a job enqueued during a request under that request's id, so its log lines name the request", async () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = createLogger({ level: "info", destination });
    const job = await runWithRequestId("req-sync-now-1", () => enqueueJob(handle.db, { kind: "sync-transactions", key: "item-1" }));
    expect((await jobById(job.id))?.payload).toEqual({ request_id: "req-sync-now-1" });

    const worker = workerWith(async () => {
      logger.info("inside the job");
      return { outcome: "done" };
    }, logger);
    expect(await worker.drain()).toBe(1);
    expect(lines.find((line) => line.msg === "inside the job")?.requestId).toBe("req-sync-now-1");
    expect(lines.find((line) => line.msg === "job succeeded")).toMatchObject({ requestId: "req-sync-now-1", jobId: job.id });
  });
});
