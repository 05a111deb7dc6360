import type { Instrumentation } from "next";

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

/**
 * Every error Next catches in a page, route handler or server action, logged by class and code
 * only (server/observability/error-log-fields.ts): never the message, which for a database error
 * quotes the SQL and its parameters.
 */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  // Inside the branch, as in register(): the Edge build drops it with its Node-only imports.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const [{ logger }, { logRequestError }] = await Promise.all([import("./server/logger"), import("./server/observability/log-request-error")]);
    logRequestError(logger, error, request, context);
  }
};
