import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logMailMode, NOTIFICATIONS_SCAN_SCHEDULE, SEND_EMAIL_SCHEDULE } from "@/server/notifications/notification-jobs";
import { getPlaidDeps } from "@/server/plaid/services";
import { checkWorkerPool, WorkerPoolError } from "./check-worker-pool";
import { createJobHandlers } from "./job-handlers";
import { RETENTION_SCHEDULE, retentionPolicyFromEnv } from "./retention";
import { createWorker, type Worker, type WorkerOptions } from "./worker";
import { startWorkerHeartbeat } from "./worker-heartbeat";

const globalForWorker = globalThis as unknown as { ledgerlinkWorker?: Promise<Worker> };

/**
 * Starts this process's job worker once (hot reloads and repeated `register()` calls reuse it).
 * The database is opened here, at server start, never at import or build time. Refuses a
 * concurrency the connection pool cannot carry (see checkWorkerPool).
 */
export function startAppWorker(options: Pick<WorkerOptions, "concurrency" | "leaseMs" | "pollMs"> = {}): Promise<Worker> {
  globalForWorker.ledgerlinkWorker ??= (async () => {
    const handle = await getDatabase();
    const concurrency = options.concurrency ?? 2;
    const log = logger.child({ component: "jobs" });
    const pool = checkWorkerPool(handle, concurrency);
    if (pool.level === "error") throw new WorkerPoolError(pool.message);
    if (pool.level === "warn") log.warn({ concurrency, poolSize: handle.poolSize }, pool.message);
    const worker = createWorker({
      db: handle.db,
      handlers: createJobHandlers({
        handle,
        plaid: getPlaidDeps(),
        // The item sync lease lapses with the job lease, so a killed worker's item is free by the time its job is retried.
        sync: { leaseMs: options.leaseMs },
        retention: retentionPolicyFromEnv(getEnv()),
      }),
      logger: log,
      recurring: [RETENTION_SCHEDULE, SEND_EMAIL_SCHEDULE, NOTIFICATIONS_SCAN_SCHEDULE],
      ...options,
      concurrency,
    });
    logMailMode(log);
    worker.start();
    const heartbeat = startWorkerHeartbeat(handle.db, worker, log);
    const appWorker: Worker = {
      ...worker,
      // The heartbeat row goes only after the last job is finished or handed back.
      stop: async (stopOptions) => {
        const stopped = await worker.stop(stopOptions);
        await heartbeat.stop();
        return stopped;
      },
    };
    return appWorker;
  })().catch((error: unknown) => {
    globalForWorker.ledgerlinkWorker = undefined;
    throw error;
  });
  return globalForWorker.ledgerlinkWorker;
}

/**
 * SIGTERM: stops this process's worker if it started one (stop claiming; finish running jobs
 * within WORKER_SHUTDOWN_GRACE_SECONDS, else hand them back without counting the attempt; delete
 * its heartbeat row). The caller closes the database afterwards.
 */
export async function stopAppWorker(graceMs = getEnv().WORKER_SHUTDOWN_GRACE_SECONDS * 1000): Promise<{ released: number }> {
  const starting = globalForWorker.ledgerlinkWorker;
  if (!starting) return { released: 0 };
  const worker = await starting.catch(() => undefined);
  if (!worker) return { released: 0 };
  return worker.stop({ graceMs });
}
