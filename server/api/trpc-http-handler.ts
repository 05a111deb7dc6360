import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type pino from "pino";
import { errorLogFields } from "@/server/observability/error-log-fields";
import { mutationRequestProblem } from "./mutation-request-guard";
import { appRouter } from "./root";
import type { TrpcContext } from "./trpc";

export interface TrpcHttpHandlerOptions {
  /** The route passes the session and app database; tests pass their own. */
  createContext: (request: Request) => Promise<TrpcContext>;
  /** Read per request, so importing the route never parses the environment (`next build`). */
  publicUrl: () => string;
  logger: pino.Logger;
}

/** The `/api/trpc` endpoint: the cross-site guard, then tRPC with the app router. */
export function createTrpcHttpHandler(options: TrpcHttpHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const problem = mutationRequestProblem(request, { publicUrl: options.publicUrl() });
    if (problem) return Response.json({ error: { message: problem.message } }, { status: problem.status });
    return fetchRequestHandler({
      endpoint: "/api/trpc",
      req: request,
      router: appRouter,
      createContext: () => options.createContext(request),
      onError: ({ path, error }) => {
        // Only unexpected failures are logged, by class names and code: never the message, which
        // for a database error quotes the SQL and its parameters.
        if (error.code === "INTERNAL_SERVER_ERROR") {
          options.logger.error({ path, ...errorLogFields(error.cause ?? error) }, "tRPC procedure failed");
        }
      },
    });
  };
}
