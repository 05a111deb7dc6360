/**
 * Runs once when a Next server process starts (never during `next build`). A misconfigured
 * production deploy stops here with one line naming the bad variable instead of failing later.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkEnvironmentOrExit } = await import("./server/startup");
  checkEnvironmentOrExit();
  // The job worker runs in this process unless a separate `npm run worker` does the work.
  const { getEnv } = await import("./server/env");
  if (!getEnv().RUN_WORKER) return;
  const { startAppWorker } = await import("./server/jobs/start-app-worker");
  const { logger } = await import("./server/logger");
  // Not awaited: the server answers while the database opens. If it cannot open yet (Postgres
  // still starting), try again rather than run without a worker until the next deploy.
  const start = (attempt: number): void => {
    startAppWorker().catch((error: unknown) => {
      const retryMs = Math.min(60_000, 1_000 * 2 ** attempt);
      logger.error({ error: error instanceof Error ? error.message : String(error), retryMs }, "in-process job worker failed to start");
      setTimeout(() => start(attempt + 1), retryMs).unref();
    });
  };
  start(0);
}
