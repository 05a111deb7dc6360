import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { jobs } from "@/db/schema";
import { payloadWithRequestId } from "@/server/observability/request-context";

export const JOB_KINDS = ["sync-transactions", "refresh-item", "retention", "fetch-recurring", "fetch-liabilities", "send-email", "notifications-scan"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface EnqueueJob {
  kind: JobKind;
  /** What the work is about, e.g. the plaid_items.id. Queued jobs with the same kind + key coalesce. */
  key: string;
  payload?: Record<string, unknown>;
  runAfter?: Date;
}

/**
 * Adds work unless the same kind + key is already queued, in which case that job stands for both
 * (webhooks are hints: ten SYNC_UPDATES_AVAILABLE for one item need one sync). Pass the
 * transaction handle to enqueue atomically with other writes.
 */
export async function enqueueJob(db: Queryable, job: EnqueueJob): Promise<{ id: number; coalesced: boolean }> {
  const [row] = await db
    .insert(jobs)
    // Enqueued while answering a request (a webhook, Sync now): the job's logs name that request.
    .values({ kind: job.kind, key: job.key, payload: payloadWithRequestId(job.payload), runAfter: job.runAfter ?? new Date() })
    .onConflictDoUpdate({
      target: [jobs.kind, jobs.key],
      targetWhere: sql`${jobs.state} = 'queued'`,
      // Keep the earliest start, unless the queued job is a retry: its run_after is a backoff
      // (Plaid's rate limit, an outage) that "Sync now" must not cut short. Touching the row
      // either way lets RETURNING hand back the existing id.
      set: {
        runAfter: sql`case when ${jobs.attempts} = 0 and ${jobs.lastError} is null
          then least(${jobs.runAfter}, excluded.run_after) else ${jobs.runAfter} end`,
      },
    })
    // xmax is 0 only for a freshly inserted row version: the standard "was it an insert?" probe.
    .returning({ id: jobs.id, inserted: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("enqueueJob returned no row");
  return { id: row.id, coalesced: !row.inserted };
}
