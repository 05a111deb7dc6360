import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { isShuttingDown } from "@/server/observability/graceful-shutdown";
import { readMigrationJournal, type MigrationJournal } from "@/server/observability/migration-status";
import { checkReadiness } from "@/server/observability/readiness";

// Readiness for load balancers and orchestrators: 200 when this instance can serve, 503 with the
// reasons when not. GET only; reads the database, writes nothing. Liveness is ../route.ts.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

let journal: MigrationJournal | undefined;

export async function GET(): Promise<Response> {
  const report = await checkReadiness({
    getDb: async () => (await getDatabase()).db,
    journal: () => (journal ??= readMigrationJournal()),
    staleSeconds: getEnv().READY_WORKER_STALE_SECONDS,
    shuttingDown: isShuttingDown(),
    onDatabaseError: logError(logger, "warn", "readiness: database unreachable"),
  });
  return Response.json(report, { status: report.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
