/**
 * `npm run worker`: the job worker as its own process, for deployments that scale it apart from
 * the web servers (set RUN_WORKER=false there). Any number may run against one PostgreSQL.
 * Flags (positive integers; anything else exits 1): --lease-ms <n> (how soon a killed worker's job
 * is retried), --concurrency <n> (must fit DATABASE_POOL_SIZE, see check-worker-pool.ts),
 * --metrics-port <n> (Prometheus text on GET /metrics, bearer METRICS_TOKEN; off by default).
 *
 * SIGTERM/SIGINT: stop claiming, let running jobs finish for WORKER_SHUTDOWN_GRACE_SECONDS, hand
 * back the ones still running (requeued, attempt not counted), delete the heartbeat row, close
 * the pool, exit 0.
 */
import type { Server } from "node:http";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { checkEnvironmentOrExit } from "@/server/startup";
import { serveMetricsPort } from "@/server/observability/serve-metrics-port";
import { WorkerPoolError } from "./check-worker-pool";
import { startAppWorker, stopAppWorker } from "./start-app-worker";
import { parseWorkerFlags, WORKER_USAGE, WorkerFlagsError, type WorkerFlags } from "./worker-flags";

function flagsOrExit(): WorkerFlags {
  try {
    return parseWorkerFlags(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof WorkerFlagsError)) throw error;
    console.error(`[worker] ${error.message}\n${WORKER_USAGE}`);
    process.exit(1);
  }
}

async function startMetrics(port: number): Promise<Server> {
  const env = getEnv();
  return serveMetricsPort(port, {
    token: env.METRICS_TOKEN,
    getDb: async () => (await getDatabase()).db,
    staleSeconds: env.READY_WORKER_STALE_SECONDS,
    onError: logError(logger, "warn", "metrics scrape could not read the queue"),
  });
}

async function main(): Promise<void> {
  const flags = flagsOrExit();
  checkEnvironmentOrExit("worker");
  const env = getEnv();
  if (!env.DATABASE_URL) {
    // PGlite is one connection owned by the Next process; a second process cannot open it.
    console.error("[worker] DATABASE_URL is required; without it the worker runs inside the Next server (RUN_WORKER=true).");
    process.exit(1);
  }
  if (flags.metricsPort !== undefined && !env.METRICS_TOKEN) {
    console.error("[worker] --metrics-port needs METRICS_TOKEN (the bearer token scrapers send); metrics are never served without one.");
    process.exit(1);
  }
  const { leaseMs, concurrency } = flags;
  await startAppWorker({ leaseMs, pollMs: leaseMs === undefined ? undefined : Math.min(1000, leaseMs), concurrency });
  const metricsServer = flags.metricsPort === undefined ? undefined : await startMetrics(flags.metricsPort);
  if (metricsServer) logger.info({ port: flags.metricsPort }, "worker metrics listening");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceSeconds = env.WORKER_SHUTDOWN_GRACE_SECONDS;
    logger.info({ signal, graceSeconds }, "worker stopping: no new jobs, running ones get the grace period");
    metricsServer?.close();
    const { released } = await stopAppWorker(graceSeconds * 1000);
    await (await getDatabase()).close();
    logger.info({ released }, "worker stopped");
    process.exit(0);
  };
  const onSignal = (signal: string) => {
    shutdown(signal).catch((error: unknown) => {
      logError(logger, "error", "worker shutdown failed")(error);
      process.exit(1);
    });
  };
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  process.on("SIGINT", () => onSignal("SIGINT"));
}

main().catch((error: unknown) => {
  // A pool that cannot carry --concurrency is a setting to fix, said in our words; anything else
  // (a database that refused us) is named by class and code only.
  if (error instanceof WorkerPoolError) console.error(`[worker] ${error.message}`);
  else logError(logger, "fatal", "worker failed to start")(error);
  process.exit(1);
});
