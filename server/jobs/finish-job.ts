import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { isUniqueViolation } from "@/db/is-unique-violation";
import { renewLeaseStatement } from "./queue-sql";

// Every update below is guarded by `locked_by`: a worker whose lease expired and whose job was
// reclaimed by another must not overwrite the newer run's outcome.

/** Who may finish a running job: its own worker, or the reaper once the row's lease ran out. */
export type JobOwner = string | { reaping: string };

function ownedBy(owner: JobOwner): SQL {
  return typeof owner === "string"
    ? sql`locked_by = ${owner}`
    : // Checked again at write time: a heartbeat that renewed the lease since the reaper looked wins.
      sql`locked_by = ${owner.reaping} and lease_expires_at < now()`;
}

export async function markJobSucceeded(db: Queryable, jobId: number, workerId: string): Promise<void> {
  await db.execute(
    sql`update jobs set state = 'succeeded', finished_at = now(), locked_at = null, locked_by = null, lease_expires_at = null, updated_at = now()
        where id = ${jobId} and state = 'running' and locked_by = ${workerId}`,
  );
}

/** Out of attempts or hopeless: parked as `failed` with the error visible, never retried. */
export async function markJobFailed(db: Queryable, jobId: number, owner: JobOwner, error: string): Promise<void> {
  await db.execute(
    sql`update jobs set state = 'failed', last_error = ${error}, finished_at = now(), locked_at = null, locked_by = null, lease_expires_at = null, updated_at = now()
        where id = ${jobId} and state = 'running' and ${ownedBy(owner)}`,
  );
}

export type RequeueKind = "retry" | "defer";

/**
 * Puts a running job back in the queue after `delayMs`. A `retry` counts the attempt; a `defer`
 * (the item is busy, the data is not ready) gives it back. If the same work was queued meanwhile
 * (the unique index allows one queued job per kind + key), that job carries on instead: a retry
 * hands it its attempt count and backoff, so a stream of webhooks cannot reset the backoff.
 */
export async function requeueJob(
  db: Queryable,
  job: { id: number; kind: string; key: string; attempts: number },
  owner: JobOwner,
  how: { kind: RequeueKind; delayMs: number; error: string | null },
): Promise<"requeued" | "superseded"> {
  const attemptsAfter = how.kind === "defer" ? Math.max(0, job.attempts - 1) : job.attempts;
  try {
    await db.execute(
      sql`update jobs set state = 'queued', attempts = ${attemptsAfter},
            run_after = now() + ${Math.round(how.delayMs)}::int * interval '1 millisecond',
            last_error = ${how.error}, locked_at = null, locked_by = null, lease_expires_at = null, updated_at = now()
          where id = ${job.id} and state = 'running' and ${ownedBy(owner)}`,
    );
    return "requeued";
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const [sibling] = await queryRows<{ id: number | string }>(
    db,
    sql`update jobs set
          attempts = greatest(attempts, ${how.kind === "retry" ? attemptsAfter : 0}),
          run_after = greatest(run_after, now() + ${how.kind === "retry" ? Math.round(how.delayMs) : 0}::int * interval '1 millisecond'),
          last_error = coalesce(${how.error}, last_error), updated_at = now()
        where kind = ${job.kind} and key = ${job.key} and state = 'queued'
        returning id`,
  );
  const handover = sibling ? `continued as job ${String(sibling.id)}` : "superseded by a queued job";
  await db.execute(
    sql`update jobs set state = ${how.kind === "retry" ? "failed" : "succeeded"}::job_state,
          last_error = ${how.error ? `${how.error} (${handover})` : handover},
          finished_at = now(), locked_at = null, locked_by = null, lease_expires_at = null, updated_at = now()
        where id = ${job.id} and state = 'running' and ${ownedBy(owner)}`,
  );
  return "superseded";
}

/** Renews the lease stored on a running job's row so no reaper, whatever its own lease, takes it. */
export async function heartbeatJob(db: Queryable, jobId: number, workerId: string, leaseMs: number): Promise<void> {
  await db.execute(renewLeaseStatement(jobId, workerId, leaseMs));
}
