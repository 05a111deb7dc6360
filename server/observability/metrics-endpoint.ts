import type { Queryable } from "@/db/client";
import { bearerTokenMatches } from "./bearer-token";
import { metrics, type Metrics } from "./metrics";
import { readQueueSnapshot } from "./queue-snapshot";

export interface MetricsEndpointDeps {
  /** METRICS_TOKEN; unset turns the endpoint off (404), so nothing is exposed by default. */
  token: string | undefined;
  getDb: () => Promise<Queryable>;
  staleSeconds: number;
  onError?: (error: unknown) => void;
  metrics?: Metrics;
}

const NO_STORE = { "cache-control": "no-store" };

/**
 * The queue gauges are computed from the database at scrape time (the queue is shared by every
 * process, so no process can count it alone). When the database does not answer they are
 * dropped from the scrape rather than left at stale values.
 */
async function updateQueueGauges(m: Metrics, deps: MetricsEndpointDeps): Promise<void> {
  m.queueDepth.reset();
  m.queueOldestReady.reset();
  m.liveWorkers.reset();
  try {
    const snapshot = await readQueueSnapshot(await deps.getDb(), deps.staleSeconds);
    m.queueDepth.set({ state: "ready" }, snapshot.ready);
    m.queueDepth.set({ state: "scheduled" }, snapshot.scheduled);
    m.queueDepth.set({ state: "running" }, snapshot.running);
    m.queueOldestReady.set(snapshot.oldestReadySeconds ?? 0);
    m.liveWorkers.set(snapshot.liveWorkers);
  } catch (error) {
    deps.onError?.(error);
  }
}

/**
 * GET /api/metrics and a worker's metrics port: Prometheus text for a caller with the bearer
 * token, 401 for anyone else, 404 while METRICS_TOKEN is unset.
 */
export async function answerMetricsRequest(authorization: string | null, deps: MetricsEndpointDeps): Promise<Response> {
  if (!deps.token) return new Response("Not Found\n", { status: 404, headers: NO_STORE });
  if (!bearerTokenMatches(authorization, deps.token)) {
    return new Response("Unauthorized\n", { status: 401, headers: { ...NO_STORE, "www-authenticate": 'Bearer realm="metrics"' } });
  }
  const m = deps.metrics ?? metrics();
  await updateQueueGauges(m, deps);
  return new Response(await m.registry.metrics(), { status: 200, headers: { ...NO_STORE, "content-type": m.registry.contentType } });
}
