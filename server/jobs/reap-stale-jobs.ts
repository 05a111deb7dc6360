import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { markJobFailed, requeueJob } from "./finish-job";
import { staleJobsStatement } from "./queue-sql";

/**
 * Running jobs whose row lease ran out belong to a worker that died (SIGKILL, OOM, lost host):
 * it stopped renewing the lease it wrote at claim time. Each goes back to the queue as a retry:
 * the crashed attempt counts, so a job that kills its worker every time ends up parked instead of
 * looping forever. The row is the only judge; the caller's own lease setting plays no part.
 */
export async function reapStaleJobs(db: Queryable): Promise<number> {
  const stale = await queryRows<{ id: number | string; kind: string; key: string; attempts: number; max_attempts: number; locked_by: string }>(
    db,
    staleJobsStatement(20),
  );
  for (const row of stale) {
    const job = { id: Number(row.id), kind: row.kind, key: row.key, attempts: row.attempts };
    const owner = { reaping: row.locked_by };
    const error = "worker lost (lease expired)";
    if (row.attempts >= row.max_attempts) await markJobFailed(db, job.id, owner, error);
    else await requeueJob(db, job, owner, { kind: "retry", delayMs: 0, error });
  }
  return stale.length;
}
