import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Every Prometheus metric the app and the worker expose, in one registry per process. Kept on
 * globalThis because Next may evaluate this module in more than one bundle (instrumentation,
 * route handlers), and a second registry would silently count into nothing.
 *
 * Labels are closed sets (outcomes, job kinds, Plaid endpoints and error codes), never user or
 * item ids, so the number of series stays small.
 */
function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    webhooks: new Counter({
      name: "ledgerlink_webhooks_total",
      help: "Plaid webhook deliveries by outcome (queued, duplicate, ignored, rejected, unavailable) and, for rejected and unavailable, the reason.",
      labelNames: ["outcome", "reason"] as const,
      registers,
    }),
    webhookIntake: new Histogram({
      name: "ledgerlink_webhook_intake_seconds",
      help: "Time from the start of a webhook delivery to its answer, by outcome.",
      labelNames: ["outcome"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    syncDuration: new Histogram({
      name: "ledgerlink_sync_duration_seconds",
      help: "Duration of one item's transactions sync, by result (synced, not_ready, busy, needs_user, skipped, error).",
      labelNames: ["status"] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    syncRows: new Counter({
      name: "ledgerlink_sync_rows_total",
      help: "Transactions written by syncs, by change (added, modified, removed).",
      labelNames: ["change"] as const,
      registers,
    }),
    jobs: new Counter({
      name: "ledgerlink_jobs_total",
      help: "Jobs that left a worker, by kind and outcome (succeeded, retried, failed, deferred, released at shutdown).",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    jobAttempts: new Histogram({
      name: "ledgerlink_job_attempts",
      help: "The attempt a job was on when it succeeded or failed for good, by kind and outcome.",
      labelNames: ["kind", "outcome"] as const,
      buckets: [1, 2, 3, 4, 5, 6, 7, 8],
      registers,
    }),
    queueDepth: new Gauge({
      name: "ledgerlink_queue_depth",
      help: "Jobs in the queue at scrape time, by state (ready = queued and due, scheduled = queued for later, running).",
      labelNames: ["state"] as const,
      registers,
    }),
    queueOldestReady: new Gauge({
      name: "ledgerlink_queue_oldest_ready_seconds",
      help: "How long the oldest due queued job has waited, at scrape time (0 when none is waiting).",
      registers,
    }),
    liveWorkers: new Gauge({
      name: "ledgerlink_workers_live",
      help: "Job workers whose heartbeat is fresh (READY_WORKER_STALE_SECONDS), at scrape time.",
      registers,
    }),
    plaidErrors: new Counter({
      name: "ledgerlink_plaid_errors_total",
      help: "Failed Plaid calls by endpoint and Plaid error code (none when Plaid never answered).",
      labelNames: ["endpoint", "code"] as const,
      registers,
    }),
    signInFailures: new Counter({
      name: "ledgerlink_sign_in_failures_total",
      help: "Refused sign-ins by reason (invalid_credentials, rate_limited).",
      labelNames: ["reason"] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { ledgerlinkMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.ledgerlinkMetrics ??= createMetrics();
  return globalForMetrics.ledgerlinkMetrics;
}
