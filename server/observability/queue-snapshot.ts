import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";

/** The queue and its workers at one instant: what readiness reports and the queue gauges show. */
export interface QueueSnapshot {
  /** Queued and due: waiting only for a free worker. */
  ready: number;
  /** Queued for later (a retry's backoff, the next retention run). */
  scheduled: number;
  running: number;
  /** How long the oldest due job has waited; null when none is waiting. */
  oldestReadySeconds: number | null;
  /** Workers whose heartbeat is younger than `staleSeconds`. */
  liveWorkers: number;
  /** Age of the freshest heartbeat of any worker; null when no worker ever beat (or all were cleaned up). */
  newestBeatSeconds: number | null;
  /** Jobs the live workers say they are running. */
  jobsRunningOnLiveWorkers: number;
}

const asNumber = (value: unknown): number => Number(value ?? 0);
const asNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * One statement, so a scrape or a readiness probe costs one round trip. The due scan reads
 * jobs_claim_idx (queued only) and the running count jobs_running_lease_idx: neither reads the
 * finished history.
 */
export async function readQueueSnapshot(db: Queryable, staleSeconds: number): Promise<QueueSnapshot> {
  const [row] = await queryRows(
    db,
    sql`select
          (select count(*) from jobs where state = 'queued' and run_after <= now()) as ready,
          (select count(*) from jobs where state = 'queued' and run_after > now()) as scheduled,
          (select count(*) from jobs where state = 'running') as running,
          (select extract(epoch from now() - min(run_after)) from jobs where state = 'queued' and run_after <= now()) as oldest_ready_seconds,
          (select count(*) from worker_heartbeats where beat_at > now() - ${staleSeconds}::int * interval '1 second') as live_workers,
          (select coalesce(sum(jobs_running), 0) from worker_heartbeats where beat_at > now() - ${staleSeconds}::int * interval '1 second') as live_jobs_running,
          (select extract(epoch from now() - max(beat_at)) from worker_heartbeats) as newest_beat_seconds`,
  );
  return {
    ready: asNumber(row?.ready),
    scheduled: asNumber(row?.scheduled),
    running: asNumber(row?.running),
    oldestReadySeconds: asNullableNumber(row?.oldest_ready_seconds),
    liveWorkers: asNumber(row?.live_workers),
    newestBeatSeconds: asNullableNumber(row?.newest_beat_seconds),
    jobsRunningOnLiveWorkers: asNumber(row?.live_jobs_running),
  };
}
