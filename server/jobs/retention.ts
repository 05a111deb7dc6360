import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import type { Env } from "@/server/env";
import type { RecurringJob } from "./worker";

/** How long finished history is kept, in days (env: JOB_RETENTION_DAYS and friends). */
export interface RetentionPolicy {
  succeededJobsDays: number;
  /** Kept longer than successes: a failed job is the record of what went wrong. */
  failedJobsDays: number;
  webhookEventsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { succeededJobsDays: 14, failedJobsDays: 30, webhookEventsDays: 30 };

export function retentionPolicyFromEnv(env: Pick<Env, "JOB_RETENTION_DAYS" | "FAILED_JOB_RETENTION_DAYS" | "WEBHOOK_EVENT_RETENTION_DAYS">): RetentionPolicy {
  return {
    succeededJobsDays: env.JOB_RETENTION_DAYS,
    failedJobsDays: env.FAILED_JOB_RETENTION_DAYS,
    webhookEventsDays: env.WEBHOOK_EVENT_RETENTION_DAYS,
  };
}

/**
 * A rate_limits row is deleted two days after its window started: every rule's window is at most
 * a day long (the longest today is an hour), so that window ended more than a day ago and
 * deleting the row cannot reset a limit still counting.
 */
const RATE_LIMIT_ROW_DAYS = 2;

/** A worker's heartbeat row left behind by a crash: readiness ignores it after a minute, retention drops it after a day. */
const WORKER_HEARTBEAT_ROW_DAYS = 1;

/**
 * Staged pages of a sync attempt that never applied (its worker died, and the item was never
 * synced again, e.g. disconnected with its data kept). No sync runs for a day, so these are dead.
 */
const STAGED_SYNC_ROW_DAYS = 1;

/** Rows per DELETE: each batch is its own short statement, so retention never holds long locks. */
export const RETENTION_BATCH_SIZE = 1_000;

/** The app's worker enqueues one retention job per hour at most; runs coalesce by kind + key. */
export const RETENTION_SCHEDULE: RecurringJob = { kind: "retention", key: "all", everyMs: 60 * 60_000 };

export type RetentionTarget = "webhookEvents" | "succeededJobs" | "failedJobs" | "rateLimits" | "workerHeartbeats" | "stagedSyncRows";

const olderThanDays = (column: SQL, days: number) => sql`${column} < now() - ${days}::int * interval '1 day'`;

/**
 * One bounded batch per target, each answering how many rows it deleted. Each picks its rows by
 * the index kept for it (plaid_webhook_events_received_idx, jobs_finished_idx, rate_limits_window_idx);
 * the query-plan test explains these very statements.
 */
export function retentionBatchStatements(policy: RetentionPolicy, batchSize = RETENTION_BATCH_SIZE): Record<RetentionTarget, SQL> {
  const batch = (table: SQL, id: SQL, where: SQL, order: SQL) =>
    sql`with deleted as (
          delete from ${table} where ${id} in (
            select ${id} from ${table} where ${where} order by ${order} limit ${batchSize} for update skip locked
          )
          returning 1
        )
        select count(*)::int as deleted from deleted`;
  return {
    webhookEvents: batch(sql`plaid_webhook_events`, sql`id`, olderThanDays(sql`received_at`, policy.webhookEventsDays), sql`received_at`),
    // A webhook event still pointing at a deleted job keeps its row with job_id set null.
    succeededJobs: batch(sql`jobs`, sql`id`, sql`state = 'succeeded' and ${olderThanDays(sql`finished_at`, policy.succeededJobsDays)}`, sql`finished_at`),
    failedJobs: batch(sql`jobs`, sql`id`, sql`state = 'failed' and ${olderThanDays(sql`finished_at`, policy.failedJobsDays)}`, sql`finished_at`),
    rateLimits: batch(sql`rate_limits`, sql`key`, olderThanDays(sql`window_start`, RATE_LIMIT_ROW_DAYS), sql`window_start`),
    workerHeartbeats: batch(sql`worker_heartbeats`, sql`worker_id`, olderThanDays(sql`beat_at`, WORKER_HEARTBEAT_ROW_DAYS), sql`beat_at`),
    // A small, unlogged table with no natural single-column key: rows are picked by ctid.
    stagedSyncRows: batch(sql`sync_staged_transactions`, sql`ctid`, olderThanDays(sql`staged_at`, STAGED_SYNC_ROW_DAYS), sql`staged_at`),
  };
}

/** Deletes everything past its retention window, batch by batch; answers the rows deleted per target. */
export async function deleteExpiredRows(
  db: Queryable,
  policy: RetentionPolicy,
  batchSize = RETENTION_BATCH_SIZE,
): Promise<Record<RetentionTarget, number>> {
  const statements = retentionBatchStatements(policy, batchSize);
  const deleted: Record<RetentionTarget, number> = { webhookEvents: 0, succeededJobs: 0, failedJobs: 0, rateLimits: 0, workerHeartbeats: 0, stagedSyncRows: 0 };
  // Webhook events first: fewer of them are left pointing at the jobs deleted next.
  for (const target of ["webhookEvents", "succeededJobs", "failedJobs", "rateLimits", "workerHeartbeats", "stagedSyncRows"] as const) {
    for (;;) {
      const [row] = await queryRows<{ deleted: number | string }>(db, statements[target]);
      const count = Number(row?.deleted ?? 0);
      deleted[target] += count;
      if (count < batchSize) break;
    }
  }
  return deleted;
}
