import { getDatabase } from "@/server/db";
import { logger } from "@/server/logger";
import { getPlaidDeps } from "@/server/plaid/services";
import { createJobHandlers } from "./job-handlers";
import { createWorker, type Worker, type WorkerOptions } from "./worker";

const globalForWorker = globalThis as unknown as { ledgerlinkWorker?: Promise<Worker> };

/**
 * Starts this process's job worker once (hot reloads and repeated `register()` calls reuse it).
 * The database is opened here, at server start, never at import or build time.
 */
export function startAppWorker(options: Pick<WorkerOptions, "concurrency" | "leaseMs" | "pollMs"> = {}): Promise<Worker> {
  globalForWorker.ledgerlinkWorker ??= (async () => {
    const handle = await getDatabase();
    const worker = createWorker({
      db: handle.db,
      handlers: createJobHandlers({ handle, plaid: getPlaidDeps() }),
      logger: logger.child({ component: "jobs" }),
      ...options,
      concurrency: options.concurrency ?? 2,
    });
    worker.start();
    return worker;
  })().catch((error: unknown) => {
    globalForWorker.ledgerlinkWorker = undefined;
    throw error;
  });
  return globalForWorker.ledgerlinkWorker;
}
