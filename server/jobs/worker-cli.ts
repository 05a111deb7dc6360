/**
 * `npm run worker`: the job worker as its own process, for deployments that scale it apart from
 * the web servers (set RUN_WORKER=false there). Any number may run against one PostgreSQL.
 * Flags: --lease-ms <n> (how soon a killed worker's job is retried), --concurrency <n>.
 */
import { parseArgs } from "node:util";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { startAppWorker } from "./start-app-worker";

const { values } = parseArgs({ options: { "lease-ms": { type: "string" }, concurrency: { type: "string" } } });
const numberFlag = (value: string | undefined) => (value === undefined ? undefined : Number(value));

async function main(): Promise<void> {
  if (!getEnv().DATABASE_URL) {
    // PGlite is one connection owned by the Next process; a second process cannot open it.
    console.error("[worker] DATABASE_URL is required; without it the worker runs inside the Next server (RUN_WORKER=true).");
    process.exit(1);
  }
  const leaseMs = numberFlag(values["lease-ms"]);
  const worker = await startAppWorker({
    leaseMs,
    pollMs: leaseMs === undefined ? undefined : Math.min(1000, leaseMs),
    concurrency: numberFlag(values.concurrency),
  });
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
