import type { DatabaseHandle } from "@/db/client";

/** A concurrency the pool cannot carry: a configuration mistake whose message is ours to print. */
export class WorkerPoolError extends Error {
  override name = "WorkerPoolError";
}

export type PoolCheck = { level: "ok" } | { level: "warn" | "error"; message: string };

/**
 * Whether `concurrency` job loops fit the connection pool. A loop holds a connection for its
 * job's queries while its heartbeat needs another, and the process (the web app in the same
 * process, the reaper) needs one more: so 2 × concurrency + 1 connections keep everyone moving.
 * Fewer only warns; concurrency ≥ pool size refuses, because then loops queue for connections,
 * heartbeats stall behind them, leases run out and healthy jobs are run twice. PGlite queues every
 * query on its one connection and has no pool to run dry.
 */
export function checkWorkerPool(handle: Pick<DatabaseHandle, "driver" | "poolSize">, concurrency: number): PoolCheck {
  if (handle.driver === "pglite") return { level: "ok" };
  const wanted = 2 * concurrency + 1;
  if (concurrency >= handle.poolSize) {
    return {
      level: "error",
      message: `worker concurrency ${concurrency} needs a connection pool larger than ${concurrency} (${wanted} recommended), but DATABASE_POOL_SIZE is ${handle.poolSize}: lower --concurrency or raise DATABASE_POOL_SIZE`,
    };
  }
  if (wanted > handle.poolSize) {
    return {
      level: "warn",
      message: `worker concurrency ${concurrency} leaves little pool headroom: ${wanted} connections recommended (a job, its heartbeat, and one for the app), DATABASE_POOL_SIZE is ${handle.poolSize}`,
    };
  }
  return { level: "ok" };
}
