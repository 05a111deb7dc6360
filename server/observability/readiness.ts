import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { readMigrationStatus, type MigrationJournal, type MigrationStatus } from "./migration-status";
import { readQueueSnapshot } from "./queue-snapshot";

export interface ReadinessDeps {
  getDb: () => Promise<Queryable>;
  journal: () => MigrationJournal;
  /** No heartbeat younger than this: no worker is alive, and queued work would wait forever. */
  staleSeconds: number;
  /** The process got SIGTERM: stop sending it traffic. */
  shuttingDown?: boolean;
  /**
   * A database that does not answer within this long counts as down (default 3 s). The probe's
   * statements carry the same statement_timeout, so the server cancels them too.
   */
  timeoutMs?: number;
  onDatabaseError?: (error: unknown) => void;
}

export interface ReadinessReport {
  status: "ready" | "not_ready";
  /** Why not ready; empty when ready. */
  reasons: string[];
  database: { reachable: boolean };
  migrations: MigrationStatus | null;
  queue: { ready: number; scheduled: number; running: number; oldestReadySeconds: number | null } | null;
  workers: { live: number; newestBeatSeconds: number | null; staleAfterSeconds: number; jobsRunning: number } | null;
}

const DEFAULT_TIMEOUT_MS = 3_000;

function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref());
}

/**
 * May this instance take traffic? Not when the database is unreachable, when this build's
 * migrations are not all applied (its queries expect columns that are not there), when no job
 * worker has beaten within `staleSeconds`, or while it shuts down. The report names no host,
 * error text or id; even so, only a caller with the metrics token sees more than its status
 * (readiness-endpoint.ts).
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const reasons: string[] = deps.shuttingDown ? ["shutting down"] : [];
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let probe: Awaited<ReturnType<typeof probeDatabase>>;
  try {
    // The race answers in time even when no connection is free; the statement_timeout inside is
    // what stops a probe that did start (waiting on a lock, a slow plan) from holding its connection.
    probe = await Promise.race([probeDatabase(deps, timeoutMs), timeout(timeoutMs)]);
  } catch (error) {
    deps.onDatabaseError?.(error);
    return { status: "not_ready", reasons: [...reasons, "database unreachable"], database: { reachable: false }, migrations: null, queue: null, workers: null };
  }
  const { migrations, snapshot } = probe;
  if (!migrations.current) reasons.push(`${migrations.pending.length} migration(s) not applied`);
  if (!snapshot || snapshot.liveWorkers === 0) reasons.push(`no job worker heartbeat in the last ${deps.staleSeconds} s`);
  return {
    status: reasons.length === 0 ? "ready" : "not_ready",
    reasons,
    database: { reachable: true },
    migrations,
    queue: snapshot && { ready: snapshot.ready, scheduled: snapshot.scheduled, running: snapshot.running, oldestReadySeconds: snapshot.oldestReadySeconds },
    workers: snapshot && {
      live: snapshot.liveWorkers,
      newestBeatSeconds: snapshot.newestBeatSeconds,
      staleAfterSeconds: deps.staleSeconds,
      jobsRunning: snapshot.jobsRunningOnLiveWorkers,
    },
  };
}

/** Both reads in one read-only transaction whose statements the server cancels after `timeoutMs`. */
async function probeDatabase(deps: ReadinessDeps, timeoutMs: number) {
  const db = await deps.getDb();
  return db.transaction(async (tx) => {
    // set_config(…, true) is SET LOCAL with a bound value: it ends with this transaction, so the
    // pooled connection goes back with its usual (unlimited) timeout.
    await tx.execute(sql`select set_config('statement_timeout', ${String(Math.max(1, Math.floor(timeoutMs)))}, true)`);
    const migrations = await readMigrationStatus(tx, deps.journal());
    // Without its migrations the queue tables may be missing or older: report no snapshot then.
    // A savepoint, so that failure does not abort the transaction it runs in.
    const snapshot = await tx
      .transaction((savepoint) => readQueueSnapshot(savepoint, deps.staleSeconds))
      .catch((error: unknown) => {
        if (migrations.current) throw error;
        return null;
      });
    return { migrations, snapshot };
  });
}

export interface ReadinessProbeOptions extends Omit<ReadinessDeps, "shuttingDown"> {
  /** How long one report answers every request (default 1 s). */
  cacheMs?: number;
  now?: () => number;
}

/**
 * The readiness check as an unauthenticated endpoint can afford it: one report serves every
 * request for `cacheMs`, and concurrent requests while it is being made share that one probe, so
 * a flood of GETs costs the database at most one probe per interval. Shutting down is applied on
 * every call, never cached: load balancers must see it at once.
 */
export function createReadinessProbe(options: ReadinessProbeOptions): (shuttingDown: boolean) => Promise<ReadinessReport> {
  const cacheMs = options.cacheMs ?? 1_000;
  const now = options.now ?? Date.now;
  let cached: { report: ReadinessReport; at: number } | null = null;
  let inFlight: Promise<ReadinessReport> | null = null;

  const fresh = (): Promise<ReadinessReport> => {
    if (cached && now() - cached.at < cacheMs) return Promise.resolve(cached.report);
    inFlight ??= checkReadiness(options)
      .then((report) => {
        cached = { report, at: now() };
        return report;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return async (shuttingDown) => {
    const report = await fresh();
    if (!shuttingDown) return report;
    return { ...report, status: "not_ready", reasons: ["shutting down", ...report.reasons] };
  };
}
