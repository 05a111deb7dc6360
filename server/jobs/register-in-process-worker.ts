import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { startAppWorker } from "./start-app-worker";

/**
 * Called from instrumentation.ts when a Next server starts: runs the job worker in this process
 * unless RUN_WORKER=false (a separate `npm run worker` does the work). Not awaited by the server,
 * which answers while the database opens; if it cannot open yet (Postgres still starting), this
 * tries again instead of running without a worker until the next deploy.
 */
export function registerInProcessWorker(): void {
  if (!getEnv().RUN_WORKER) return;
  const start = (attempt: number): void => {
    startAppWorker().catch((error: unknown) => {
      const retryMs = Math.min(60_000, 1_000 * 2 ** attempt);
      logError(logger, "error", "in-process job worker failed to start", { retryMs })(error);
      setTimeout(() => start(attempt + 1), retryMs).unref();
    });
  };
  start(0);
}
