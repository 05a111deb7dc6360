import { TRPCError } from "@trpc/server";
import { unstable_rethrow } from "next/navigation";
import { logError } from "@/server/observability/error-log-fields";
import { INTERNAL_ERROR_MESSAGE } from "./trpc";

type Log = Parameters<typeof logError>[0];
type AnyFunction = (...args: unknown[]) => unknown;

/** Unexpected failures only: deliberate errors (NOT_FOUND, UNAUTHORIZED, BAD_REQUEST…) keep their message. */
function isUnexpected(error: unknown): boolean {
  return !(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR";
}

/**
 * A server-side tRPC caller (`createCaller`) never goes through the HTTP handler's errorFormatter
 * or onError, and what it throws reaches Next, which prints the message: for a database error,
 * the SQL and its parameters. This wraps every procedure of a caller: an unexpected failure is
 * logged by class and code, and rethrown as a bare INTERNAL_SERVER_ERROR with the sentence the
 * browser would get over HTTP and no cause.
 */
export function withSanitizedErrors<Caller extends object>(caller: Caller, log: Log): Caller {
  const wrap = (target: object, path: string[]): unknown =>
    new Proxy(target, {
      get(inner, property) {
        const value: unknown = Reflect.get(inner, property);
        if (typeof property !== "string" || (typeof value !== "function" && (typeof value !== "object" || value === null))) return value;
        return wrap(value, [...path, property]);
      },
      apply(inner, _thisArg, args: unknown[]) {
        return (async () => {
          try {
            return await (inner as AnyFunction)(...args);
          } catch (error) {
            // Next's own control flow (a page found dynamic while prerendering, redirect, notFound)
            // must reach Next as thrown; unstable_rethrow also looks inside the cause tRPC wrapped it in.
            unstable_rethrow(error);
            if (!isUnexpected(error)) throw error;
            logError(log, "error", "tRPC procedure failed", { path: path.join("."), source: "rsc" })(error instanceof TRPCError ? (error.cause ?? error) : error);
            throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE });
          }
        })();
      },
    });
  return wrap(caller, []) as Caller;
}
