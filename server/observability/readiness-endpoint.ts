import { bearerTokenMatches } from "./bearer-token";
import type { ReadinessReport } from "./readiness";

const NO_STORE = { "cache-control": "no-store" };

/**
 * `GET /api/health/ready`: 200 when this instance can serve, 503 when not. Anyone (a load
 * balancer, the public) learns only that status; the report behind it (migrations, queue depth,
 * workers, reasons) is for a caller with the metrics bearer token, the same one /api/metrics asks.
 */
export function answerReadinessRequest(report: ReadinessReport, authorization: string | null, metricsToken: string | undefined): Response {
  const status = report.status === "ready" ? 200 : 503;
  const detailed = metricsToken !== undefined && bearerTokenMatches(authorization, metricsToken);
  return Response.json(detailed ? report : { status: report.status }, { status, headers: NO_STORE });
}
