import type { Logger } from "pino";
import { logger as appLogger } from "@/server/logger";
import { errorLogFields } from "./error-log-fields";
import { runWithRequestId } from "./request-context";
import { REQUEST_ID_HEADER, requestIdFor } from "./request-id";

type RouteHandler<Req extends Request, Context> = (request: Req, context: Context) => Promise<Response> | Response;

/** Headers of some responses (redirects, fetched ones) are immutable: copy those before stamping. */
function withHeader(response: Response, name: string, value: string): Response {
  try {
    response.headers.set(name, value);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set(name, value);
    return copy;
  }
}

/**
 * Wraps a route handler: one JSON log line per request (method, path, status, ms, requestId),
 * the request id accepted from X-Request-Id or made up and answered in the same header, and the
 * handler run inside that request's context (its logs and enqueued jobs carry the id). Next has
 * no per-request hook for route handlers, so each route that wants this wraps itself.
 */
export function withRequestLog<Req extends Request, Context>(
  route: string,
  handler: RouteHandler<Req, Context>,
  log: Logger = appLogger,
): (request: Req, context: Context) => Promise<Response> {
  return async (request, context) => {
    const requestId = requestIdFor(request.headers);
    const startedAt = performance.now();
    const path = new URL(request.url).pathname;
    return runWithRequestId(requestId, async () => {
      try {
        const response = await handler(request, context);
        log.info({ route, method: request.method, path, status: response.status, ms: Math.round(performance.now() - startedAt) }, "request");
        return withHeader(response, REQUEST_ID_HEADER, requestId);
      } catch (error) {
        // Answered here rather than rethrown: Next would print the error's message (for a
        // database error, the SQL and its parameters). The line names it by class and code.
        log.error({ route, method: request.method, path, status: 500, ms: Math.round(performance.now() - startedAt), ...errorLogFields(error) }, "request");
        return new Response("Internal Server Error", {
          status: 500,
          headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", [REQUEST_ID_HEADER]: requestId },
        });
      }
    });
  };
}

