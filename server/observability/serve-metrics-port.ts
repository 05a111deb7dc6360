import { createServer, type Server } from "node:http";
import { answerMetricsRequest, type MetricsEndpointDeps } from "./metrics-endpoint";

/**
 * A worker's own metrics endpoint (`npm run worker -- --metrics-port 9464`): GET /metrics with
 * the same bearer token and the same answer as the app's /api/metrics, for this process's
 * counters. Resolves once listening; rejects if the port is taken.
 */
export function serveMetricsPort(port: number, deps: MetricsEndpointDeps, host = "0.0.0.0"): Promise<Server> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://worker").pathname;
    if (request.method !== "GET" || path !== "/metrics") {
      response.writeHead(404, { "content-type": "text/plain" }).end("Not Found\n");
      return;
    }
    answerMetricsRequest(request.headers.authorization ?? null, deps)
      .then(async (answer) => {
        response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
      })
      .catch((error: unknown) => {
        deps.onError?.(error);
        response.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error\n");
      });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}
