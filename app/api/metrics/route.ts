import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { answerMetricsRequest } from "@/server/observability/metrics-endpoint";

// Prometheus scrape target: bearer METRICS_TOKEN; 404 while it is unset. GET only.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export function GET(request: Request): Promise<Response> {
  const env = getEnv();
  return answerMetricsRequest(request.headers.get("authorization"), {
    token: env.METRICS_TOKEN,
    getDb: async () => (await getDatabase()).db,
    staleSeconds: env.READY_WORKER_STALE_SECONDS,
    onError: logError(logger, "warn", "metrics scrape could not read the queue"),
  });
}
