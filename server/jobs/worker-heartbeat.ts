import { eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Database } from "@/db/client";
import { workerHeartbeats } from "@/db/schema";
import { describeError } from "./job-errors";

/** Well inside READY_WORKER_STALE_SECONDS (min 5 s, default 60 s), so one missed beat is not an outage. */
export const HEARTBEAT_EVERY_MS = 5_000;

export interface WorkerHeartbeat {
  /** Stops beating and deletes the row: a worker that stopped cleanly is not "stale", it is gone. */
  stop(): Promise<void>;
}

/** Writes one beat: the worker's row with beat_at = now() and how many jobs it is running. */
export async function beat(db: Database, workerId: string, jobsRunning: number): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values({ workerId, jobsRunning })
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { beatAt: sql`now()`, jobsRunning } });
}

/**
 * Beats now and then every `everyMs` for a running worker (in-process or `npm run worker`), so
 * readiness can tell "no worker alive" from "nothing to do". A failed beat is logged, never
 * thrown: the database being away is the reaper's and readiness's business.
 */
export function startWorkerHeartbeat(
  db: Database,
  worker: { id: string; runningJobs(): number },
  log: Logger,
  everyMs = HEARTBEAT_EVERY_MS,
): WorkerHeartbeat {
  let pending: Promise<void> = Promise.resolve();
  const tick = () => {
    pending = beat(db, worker.id, worker.runningJobs()).catch((error: unknown) => log.warn({ error: describeError(error) }, "worker heartbeat failed"));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await pending;
      await db
        .delete(workerHeartbeats)
        .where(eq(workerHeartbeats.workerId, worker.id))
        .catch((error: unknown) => log.warn({ error: describeError(error) }, "could not remove the worker's heartbeat row"));
    },
  };
}
