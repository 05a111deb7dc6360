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
  /** A database that does not answer within this long counts as down (default 3 s). */
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
 * `GET /api/health/ready`: may this instance take traffic? Not when the database is unreachable,
 * when this build's migrations are not all applied (its queries expect columns that are not
 * there), when no job worker has beaten within `staleSeconds`, or while it shuts down. The
 * report names no host, error text or id: load balancers and the public may read it.
 */
export async function checkReadiness(deps: ReadinessDeps): Promise<ReadinessReport> {
  const reasons: string[] = deps.shuttingDown ? ["shutting down"] : [];
  let probe: Awaited<ReturnType<typeof probeDatabase>>;
  try {
    probe = await Promise.race([probeDatabase(deps), timeout(deps.timeoutMs ?? DEFAULT_TIMEOUT_MS)]);
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

async function probeDatabase(deps: ReadinessDeps) {
  const db = await deps.getDb();
  const migrations = await readMigrationStatus(db, deps.journal());
  // Without its migrations the queue tables may be missing or older: report no snapshot then.
  const snapshot = await readQueueSnapshot(db, deps.staleSeconds).catch((error: unknown) => {
    if (migrations.current) throw error;
    return null;
  });
  return { migrations, snapshot };
}
