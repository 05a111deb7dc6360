import { sql, type SQL } from "drizzle-orm";

/*
 * The queue's hot statements, in one place so the query-plan test explains exactly what the
 * worker runs. Both trust only the job row's lease (`lease_expires_at`, written by the claiming
 * worker from its own lease and renewed by its heartbeat), never the caller's lease setting: a
 * worker started with a short lease must not take a healthy job of a worker with a long one.
 */

const milliseconds = (ms: number) => sql`${Math.round(ms)}::int * interval '1 millisecond'`;

/**
 * Takes the oldest due queued job whose kind + key is not running under a live lease, and marks
 * it running under `workerId` until now + `leaseMs`. The due scan reads jobs_claim_idx (queued
 * only), the running-sibling probe jobs_running_kind_key_idx (running only, kind + key + lease):
 * neither reads finished history, however much of it the table holds.
 *
 * The probe compares the lease with clock_timestamp(), not now(): a volatile call keeps the probe
 * a per-candidate index lookup. With now() the planner multiplies "state is running" by "lease is
 * set" as if unrelated, expects one live lease in the whole table, and walks every live lease for
 * every candidate instead (49 ms a claim with 1,000 running jobs beside 1M finished ones).
 */
export function claimNextJobStatement(workerId: string, leaseMs: number): SQL {
  return sql`update jobs set state = 'running', attempts = attempts + 1, locked_at = now(), locked_by = ${workerId},
          lease_expires_at = now() + ${milliseconds(leaseMs)}, updated_at = now()
        where id = (
          select j.id from jobs j
          where j.state = 'queued' and j.run_after <= now()
            and not exists (
              select 1 from jobs r
              where r.state = 'running' and r.kind = j.kind and r.key = j.key and r.lease_expires_at > clock_timestamp()
            )
          order by j.run_after, j.id
          limit 1
          for update skip locked
        )
        returning id, kind, key, payload, attempts, max_attempts`;
}

/** Running jobs whose row lease ran out, oldest expiry first (jobs_running_lease_idx). */
export function staleJobsStatement(limit: number): SQL {
  return sql`select id, kind, key, attempts, max_attempts, locked_by from jobs
        where state = 'running' and lease_expires_at < now()
        order by lease_expires_at
        limit ${limit}`;
}

/** The heartbeat: the job's worker is alive, so its lease runs `leaseMs` from now. */
export function renewLeaseStatement(jobId: number, workerId: string, leaseMs: number): SQL {
  return sql`update jobs set locked_at = now(), lease_expires_at = now() + ${milliseconds(leaseMs)}
        where id = ${jobId} and state = 'running' and locked_by = ${workerId}`;
}
