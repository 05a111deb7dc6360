import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import type { Database } from "@/db/client";
import { requestIdOfPayload, runWithRequestId } from "@/server/observability/request-context";
import { observeJob } from "@/server/observability/record-metrics";
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from "./backoff";
import { claimNextJob } from "./claim-next-job";
import type { ClaimedJob } from "./claimed-job";
import { enqueueJob, type JobKind } from "./enqueue-job";
import { heartbeatJob, markJobFailed, markJobSucceeded, requeueJob } from "./finish-job";
import { describeError, PermanentJobError, RetryableJobError } from "./job-errors";
import { reapStaleJobs } from "./reap-stale-jobs";
import { onWake } from "./wake-workers";

/**
 * `done` finishes the job (with counts worth logging, if any); `defer` puts it back without
 * counting an attempt (e.g. item busy).
 */
export type JobResult = { outcome: "done"; summary?: Record<string, number> } | { outcome: "defer"; delayMs: number; reason: string };
export type JobHandler = (job: ClaimedJob) => Promise<JobResult>;

/** Work the worker enqueues itself, due `everyMs` after it asks (e.g. retention). */
export interface RecurringJob {
  kind: JobKind;
  key: string;
  everyMs: number;
}

export interface WorkerOptions {
  db: Database;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  workerId?: string;
  /**
   * The lease this worker writes on the rows it claims and renews by heartbeat: a job whose row
   * lease runs out is presumed dead and retried by any worker, whatever that worker's own lease.
   */
  leaseMs?: number;
  /** Idle polling interval; an in-process wake-up (a webhook just landed) skips the wait. */
  pollMs?: number;
  /** Jobs run side by side in this process (different items; one item never runs twice). */
  concurrency?: number;
  /**
   * Enqueued by this worker at start and then every `everyMs`, due `everyMs` later; a queued one
   * absorbs the rest (kind + key coalesce), so many workers still run it about once per interval.
   */
  recurring?: RecurringJob[];
  backoff?: BackoffPolicy;
  random?: () => number;
}

export interface Worker {
  readonly id: string;
  /** Claims and runs one due job; false when none was due. */
  runNext(): Promise<boolean>;
  /** Runs due jobs until none is left (tests, scripts). */
  drain(): Promise<number>;
  start(): void;
  /** Jobs this worker is running right now (its heartbeat row reports this). */
  runningJobs(): number;
  /**
   * Stops claiming and waits for running jobs to finish. With `graceMs`, jobs still running after
   * that long are handed back to the queue without counting the attempt (another worker retries
   * them at once) instead of being waited for; answers how many were handed back.
   */
  stop(options?: { graceMs?: number }): Promise<{ released: number }>;
}

export const DEFAULT_LEASE_MS = 60_000;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createWorker(options: WorkerOptions): Worker {
  const { db, handlers, logger } = options;
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const pollMs = options.pollMs ?? 1_000;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`worker concurrency must be a positive integer, got ${concurrency}`);
  const log = logger.child({ worker: id });
  let running = false;
  let loops: Promise<void>[] = [];
  const sleepers = new Set<() => void>();
  let lastReapAt = 0;
  const lastEnqueuedAt = new Map<RecurringJob, number>();
  const inFlight = new Map<number, ClaimedJob>();

  async function execute(job: ClaimedJob): Promise<void> {
    const handler = handlers[job.kind];
    if (!handler) {
      await markJobFailed(db, job.id, id, `no handler for job kind "${job.kind}"`);
      return;
    }
    const heartbeat = setInterval(() => {
      heartbeatJob(db, job.id, id, leaseMs).catch((error: unknown) => log.warn({ jobId: job.id, error: describeError(error) }, "job heartbeat failed"));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    const startedAt = Date.now();
    try {
      const result = await handler(job);
      if (result.outcome === "defer") {
        await requeueJob(db, job, id, { kind: "defer", delayMs: result.delayMs, error: null });
        observeJob(job.kind, "deferred", job.attempts);
        log.debug({ jobId: job.id, kind: job.kind, reason: result.reason }, "job deferred");
      } else {
        await markJobSucceeded(db, job.id, id);
        observeJob(job.kind, "succeeded", job.attempts);
        log.info({ jobId: job.id, kind: job.kind, key: job.key, ms: Date.now() - startedAt, ...result.summary }, "job succeeded");
      }
    } catch (error) {
      const message = describeError(error);
      if (error instanceof PermanentJobError || job.attempts >= job.max_attempts) {
        await markJobFailed(db, job.id, id, message);
        observeJob(job.kind, "failed", job.attempts);
        log.error({ jobId: job.id, kind: job.kind, key: job.key, attempts: job.attempts, error: message }, "job failed for good");
      } else {
        const floor = error instanceof RetryableJobError ? error.retryAfterMs : 0;
        const delayMs = Math.max(floor, retryDelayMs(job.attempts, backoff, options.random));
        await requeueJob(db, job, id, { kind: "retry", delayMs, error: message });
        observeJob(job.kind, "retried", job.attempts);
        log.warn({ jobId: job.id, kind: job.kind, key: job.key, attempts: job.attempts, delayMs, error: message }, "job will be retried");
      }
    } finally {
      clearInterval(heartbeat);
    }
  }

  async function enqueueRecurring(): Promise<void> {
    for (const recurring of options.recurring ?? []) {
      const last = lastEnqueuedAt.get(recurring);
      if (last !== undefined && Date.now() - last < recurring.everyMs) continue;
      lastEnqueuedAt.set(recurring, Date.now());
      await enqueueJob(db, { kind: recurring.kind, key: recurring.key, runAfter: new Date(Date.now() + recurring.everyMs) });
    }
  }

  async function runNext(): Promise<boolean> {
    if (Date.now() - lastReapAt > leaseMs / 2) {
      lastReapAt = Date.now();
      const reaped = await reapStaleJobs(db);
      if (reaped > 0) log.warn({ reaped }, "requeued jobs of a lost worker");
    }
    await enqueueRecurring();
    const job = await claimNextJob(db, id, leaseMs);
    if (!job) return false;
    inFlight.set(job.id, job);
    try {
      // A job a request enqueued runs under that request's id: its log lines name it.
      const requestId = requestIdOfPayload(job.payload);
      await (requestId ? runWithRequestId(requestId, () => execute(job)) : execute(job));
    } finally {
      inFlight.delete(job.id);
    }
    return true;
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      }
      sleepers.add(done);
    });

  async function loop(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const didWork = await runNext();
        failures = 0;
        if (!didWork && running) await sleep(pollMs);
      } catch (error) {
        // The database is down or restarting: back off instead of spinning.
        failures += 1;
        log.error({ error: describeError(error) }, "worker loop error");
        if (running) await sleep(Math.min(30_000, pollMs * 2 ** Math.min(failures, 5)));
      }
    }
  }

  /**
   * Shutdown ran out of grace: put every running job back, due now, without counting the attempt
   * (a `defer`), so another worker takes it at once instead of waiting for its lease to run out.
   * The abandoned run's own writes stay harmless: finishing is guarded by `locked_by`, and a sync
   * writes data and cursor together under the item's lease.
   */
  async function releaseRunningJobs(): Promise<number> {
    let released = 0;
    for (const job of inFlight.values()) {
      try {
        await requeueJob(db, job, id, { kind: "defer", delayMs: 0, error: null });
        observeJob(job.kind, "released", job.attempts);
        log.warn({ jobId: job.id, kind: job.kind, key: job.key }, "job handed back unfinished at shutdown");
        released += 1;
      } catch (error) {
        // The database is gone too: the job's lease runs out and the reaper retries it.
        log.error({ jobId: job.id, error: describeError(error) }, "could not hand back a job at shutdown");
      }
    }
    return released;
  }

  let unsubscribe: (() => void) | undefined;

  return {
    id,
    runNext,
    async drain() {
      let count = 0;
      while (await runNext()) count += 1;
      return count;
    },
    start() {
      if (running) return;
      running = true;
      unsubscribe = onWake(() => [...sleepers].forEach((wake) => wake()));
      loops = Array.from({ length: concurrency }, () => loop());
      log.info({ leaseMs, pollMs, concurrency: loops.length }, "job worker started");
    },
    runningJobs: () => inFlight.size,
    async stop(stopOptions = {}) {
      running = false;
      unsubscribe?.();
      [...sleepers].forEach((wake) => wake());
      const finished = Promise.all(loops).then(() => true);
      const { graceMs } = stopOptions;
      const inTime = graceMs === undefined ? await finished : await Promise.race([finished, delay(graceMs).then(() => false)]);
      loops = [];
      if (inTime) return { released: 0 };
      return { released: await releaseRunningJobs() };
    },
  };
}
