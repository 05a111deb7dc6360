import type { Logger } from "pino";
import { logError } from "./error-log-fields";

const globalForShutdown = globalThis as unknown as { ledgerlinkShuttingDown?: boolean; ledgerlinkShutdownRegistered?: boolean };

/** True once SIGTERM/SIGINT arrived: readiness answers 503 so load balancers stop sending traffic. */
export function isShuttingDown(): boolean {
  return globalForShutdown.ledgerlinkShuttingDown === true;
}

export interface GracefulShutdownSteps {
  /** Runs at once, alongside Next's own draining (stop the in-process worker). */
  whileDraining: () => Promise<void>;
  /** Runs once Next has drained its requests and the first step is done (close the pool). */
  afterDrain: () => Promise<void>;
  logger: Logger;
  /** Exit anyway this long after the signal, whatever still hangs. */
  deadlineMs: number;
}

/**
 * For `next start` and the standalone server. On SIGTERM Next 16 itself stops accepting
 * connections, waits for in-flight requests (server.close) and then calls process.exit(143);
 * it offers no hook to run after draining. So this holds that exit back: when Next calls
 * process.exit, it first waits for `whileDraining` (the worker finishing or handing back its
 * jobs), then runs `afterDrain` (closing the pool no request uses any more), then exits with
 * Next's code. Node runtime only; registered once per process.
 */
export function registerGracefulShutdown(steps: GracefulShutdownSteps): void {
  if (globalForShutdown.ledgerlinkShutdownRegistered) return;
  globalForShutdown.ledgerlinkShutdownRegistered = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (globalForShutdown.ledgerlinkShuttingDown) return;
    globalForShutdown.ledgerlinkShuttingDown = true;
    steps.logger.info({ signal }, "shutting down: draining requests and stopping the job worker");
    const draining = steps.whileDraining().catch(logError(steps.logger, "error", "stopping the job worker failed"));
    const exit = process.exit.bind(process);
    let exiting = false;
    const finish = (code: number | string | null | undefined) => {
      if (exiting) return;
      exiting = true;
      void draining
        .then(steps.afterDrain)
        .catch(logError(steps.logger, "error", "closing the database failed"))
        .finally(() => {
          steps.logger.info({ code }, "shut down");
          exit(code ?? 0);
        });
    };
    process.exit = ((code?: number | string | null) => finish(code)) as typeof process.exit;
    // If nothing else ends the process (Next's handler is off: NEXT_MANUAL_SIG_HANDLE), end it
    // here; and if a step hangs, exit regardless a little later.
    const code = signal === "SIGTERM" ? 143 : 130;
    setTimeout(() => finish(code), steps.deadlineMs).unref();
    setTimeout(() => exit(code), steps.deadlineMs + 5_000).unref();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
