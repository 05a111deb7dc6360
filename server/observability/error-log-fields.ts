import { DrizzleQueryError } from "drizzle-orm";

/**
 * What a log line may say about an unexpected error: the class names along its cause chain and a
 * short code (Postgres SQLSTATE, a Node or Axios code). Never a message: Drizzle's quotes the SQL
 * and its parameters, Postgres's can quote a value ('invalid input syntax for type uuid: "…"').
 */
export interface ErrorLogFields {
  error: string;
  causes?: string[];
  code?: string;
}

const MAX_DEPTH = 5;
const SHORT_CODE = /^[A-Za-z0-9_]{1,40}$/;

// A bundle can hold two copies of drizzle-orm (Next's server chunks), where instanceof misses:
// the query error is then known by its shape (the SQL and its parameters as properties).
const isDrizzleQueryError = (error: Error): boolean =>
  error instanceof DrizzleQueryError || (typeof (error as { query?: unknown }).query === "string" && Array.isArray((error as { params?: unknown }).params));

export function errorLogFields(error: unknown): ErrorLogFields {
  const names: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth += 1) {
    // Drizzle's query error keeps the default name "Error", and a production bundle minifies
    // class names, so it is recognised by class.
    names.push(isDrizzleQueryError(current) ? "DrizzleQueryError" : current.name);
    const candidate: unknown = (current as { code?: unknown }).code;
    if (code === undefined && typeof candidate === "string" && SHORT_CODE.test(candidate)) code = candidate;
    current = current.cause;
  }
  const [first = typeof error, ...causes] = names;
  return { error: first, ...(causes.length > 0 ? { causes } : {}), ...(code ? { code } : {}) };
}

type LogLevel = "fatal" | "error" | "warn";
type LevelLogger = Record<LogLevel, (fields: Record<string, unknown>, message: string) => void>;

/**
 * The one way any code logs an error it caught: the context it chooses plus errorLogFields,
 * never the error object or its message. `logError(log, "warn", "readiness: database unreachable")`
 * gives the `(error) => void` that onError hooks take; add context per call site.
 */
export function logError(log: LevelLogger, level: LogLevel, message: string, context: Record<string, unknown> = {}): (error: unknown) => void {
  return (error) => log[level]({ ...context, ...errorLogFields(error) }, message);
}
