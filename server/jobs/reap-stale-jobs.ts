import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { requeueJob } from "./finish-job";

/**
 * Running jobs whose lease ran out belong to a worker that died (SIGKILL, OOM, lost host). Each
 * goes back to the queue as a retry: the crashed attempt counts, so a job that kills its worker
 * every time ends up parked instead of looping forever.
 */
export async function reapStaleJobs(db: Queryable, leaseMs: number): Promise<number> {
  const stale = await queryRows<{ id: number | string; kind: string; key: string; attempts: number; max_attempts: number; locked_by: string }>(
    db,
    sql`select id, kind, key, attempts, max_attempts, locked_by from jobs
        where state = 'running' and locked_at < now() - ${leaseMs}::int * interval '1 millisecond'
        order by id limit 20`,
  );
  for (const row of stale) {
    const job = { id: Number(row.id), kind: row.kind, key: row.key, attempts: row.attempts };
    const error = "worker lost (lease expired)";
    if (row.attempts >= row.max_attempts) {
      await db.execute(
        sql`update jobs set state = 'failed', last_error = ${error}, finished_at = now(), locked_at = null, locked_by = null
            where id = ${job.id} and state = 'running' and locked_by = ${row.locked_by}`,
      );
    } else {
      await requeueJob(db, job, row.locked_by, { kind: "retry", delayMs: 0, error });
    }
  }
  return stale.length;
}
