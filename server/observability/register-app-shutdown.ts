import { closeDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { stopAppWorker } from "@/server/jobs/start-app-worker";
import { logger } from "@/server/logger";
import { registerGracefulShutdown } from "./graceful-shutdown";

/**
 * The Next server's SIGTERM: Next drains the requests; meanwhile the in-process worker (if any)
 * stops claiming and finishes or hands back its jobs within WORKER_SHUTDOWN_GRACE_SECONDS; then
 * the pool closes and the process exits with Next's code (143).
 */
export function registerAppShutdown(): void {
  const graceMs = getEnv().WORKER_SHUTDOWN_GRACE_SECONDS * 1000;
  registerGracefulShutdown({
    logger,
    whileDraining: async () => {
      const { released } = await stopAppWorker(graceMs);
      if (released > 0) logger.warn({ released }, "in-process worker handed back unfinished jobs");
    },
    afterDrain: closeDatabase,
    deadlineMs: graceMs + 10_000,
  });
}
