/**
 * Runs once when a Next server process starts (never during `next build`). A misconfigured
 * production deploy stops here with one line naming the bad variable instead of failing later.
 */
export async function register(): Promise<void> {
  // Node-only modules are imported inside this branch so the Edge build never bundles them.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkEnvironmentOrExit } = await import("./server/startup");
    checkEnvironmentOrExit();
    const { registerInProcessWorker } = await import("./server/jobs/register-in-process-worker");
    registerInProcessWorker();
    const { registerAppShutdown } = await import("./server/observability/register-app-shutdown");
    registerAppShutdown();
  }
}
