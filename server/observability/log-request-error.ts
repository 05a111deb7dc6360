import type { Instrumentation } from "next";
import { logError } from "./error-log-fields";

type Log = Parameters<typeof logError>[0];
type OnRequestErrorArgs = Parameters<Instrumentation.onRequestError>;

const DIGEST = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * instrumentation.ts's onRequestError: one line per error Next caught in a page, route or server
 * action, through the same sanitiser as every other log line. The path loses its query (a search
 * box's text lives there); the digest is kept because the user's error page shows it.
 */
export function logRequestError(log: Log, error: OnRequestErrorArgs[0], request: OnRequestErrorArgs[1], context: OnRequestErrorArgs[2]): void {
  const digest: unknown = error instanceof Error ? (error as { digest?: unknown }).digest : undefined;
  logError(log, "error", "request failed", {
    method: request.method,
    path: request.path.split("?")[0],
    route: context.routePath,
    routeType: context.routeType,
    ...(typeof digest === "string" && DIGEST.test(digest) ? { digest } : {}),
  })(error);
}
