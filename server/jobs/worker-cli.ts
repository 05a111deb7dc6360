/**
 * `npm run worker`: the job worker as its own process, for deployments that scale it apart from
 * the web servers (set RUN_WORKER=false there). Any number may run against one PostgreSQL.
 * Flags (positive integers; anything else exits 1): --lease-ms <n> (how soon a killed worker's job
 * is retried), --concurrency <n> (must fit DATABASE_POOL_SIZE, see check-worker-pool.ts).
 */
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { startAppWorker } from "./start-app-worker";
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

async function main(): Promise<void> {
  const flags = flagsOrExit();
  if (!getEnv().DATABASE_URL) {
    // PGlite is one connection owned by the Next process; a second process cannot open it.
    console.error("[worker] DATABASE_URL is required; without it the worker runs inside the Next server (RUN_WORKER=true).");
    process.exit(1);
  }
  const { leaseMs, concurrency } = flags;
  const worker = await startAppWorker({ leaseMs, pollMs: leaseMs === undefined ? undefined : Math.min(1000, leaseMs), concurrency });
  const shutdown = (signal: string) => {
    logger.info({ signal }, "worker stopping after its running jobs");
    void worker.stop().then(async () => {
      await (await getDatabase()).close();
      process.exit(0);
    });
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[worker] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
