import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { isShuttingDown } from "@/server/observability/graceful-shutdown";
import { readMigrationJournal, type MigrationJournal } from "@/server/observability/migration-status";
import { createReadinessProbe, type ReadinessReport } from "@/server/observability/readiness";
import { answerReadinessRequest } from "@/server/observability/readiness-endpoint";

// Readiness for load balancers and orchestrators: 200 when this instance can serve, 503 when not;
// the report only for the metrics token. GET only; reads the database (at most one probe a
// second, however many ask), writes nothing. Liveness is ../route.ts.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

let journal: MigrationJournal | undefined;
let probe: ((shuttingDown: boolean) => Promise<ReadinessReport>) | undefined;

export async function GET(request: Request): Promise<Response> {
  const env = getEnv();
  probe ??= createReadinessProbe({
    getDb: async () => (await getDatabase()).db,
    journal: () => (journal ??= readMigrationJournal()),
    staleSeconds: env.READY_WORKER_STALE_SECONDS,
    onDatabaseError: logError(logger, "warn", "readiness: database unreachable"),
  });
  const report = await probe(isShuttingDown());
  return answerReadinessRequest(report, request.headers.get("authorization"), env.METRICS_TOKEN);
}
