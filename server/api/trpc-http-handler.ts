import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type pino from "pino";
import { errorLogFields } from "@/server/observability/error-log-fields";
import { readCappedBody } from "@/server/plaid/webhooks/read-capped-body";
import { mutationRequestProblem } from "./mutation-request-guard";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from "./trpc-request-limits";

export interface TrpcHttpHandlerOptions {
  /** The route passes the session and app database; tests pass their own. */
  createContext: (request: Request) => Promise<TrpcContext>;
  /** Read per request, so importing the route never parses the environment (`next build`). */
  publicUrl: () => string;
  logger: pino.Logger;
}

// Every answer carries a user's data or an error about it: no browser, proxy or CDN may keep one.
const NO_STORE = "no-store";

const refuse = (status: number, message: string) => Response.json({ error: { message } }, { status, headers: { "cache-control": NO_STORE } });

/**
 * The body read up front with a cap, handed on as a fresh request: tRPC's fetch adapter has no
 * size limit of its own and would buffer whatever arrives. `null` = over the limit.
 */
async function withCappedBody(request: Request): Promise<Request | null> {
  if (request.method === "GET" || request.method === "HEAD") return request;
  const body = await readCappedBody(request, TRPC_MAX_BODY_BYTES).catch(() => null);
  if (!body) return null;
  return new Request(request.url, { method: request.method, headers: request.headers, body: body.byteLength > 0 ? new Uint8Array(body) : null });
}

/**
 * The `/api/trpc` endpoint: the cross-site guard, the body limit, then tRPC with the app router
 * and a cap on procedures per batch (tRPC answers 400 over it).
 */
export function createTrpcHttpHandler(options: TrpcHttpHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const problem = mutationRequestProblem(request, { publicUrl: options.publicUrl() });
    if (problem) return refuse(problem.status, problem.message);
    const capped = await withCappedBody(request);
    if (!capped) return refuse(413, `The request is too large: at most ${TRPC_MAX_BODY_BYTES / 1024} KiB.`);
    const response = await fetchRequestHandler({
      endpoint: "/api/trpc",
      req: capped,
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_SIZE,
      createContext: () => options.createContext(capped),
      onError: ({ path, error }) => {
        // Only unexpected failures are logged, by class names and code: never the message, which
        // for a database error quotes the SQL and its parameters.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          options.logger.error({ path, ...errorLogFields(error.cause ?? error) }, "tRPC procedure failed");
        }
      },
    });
    response.headers.set("cache-control", NO_STORE);
    return response;
  };
}
