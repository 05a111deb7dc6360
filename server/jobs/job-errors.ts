import { DrizzleQueryError } from "drizzle-orm";
import { errorLogFields } from "@/server/observability/error-log-fields";

/** Thrown by a job handler when retrying cannot help (bad data, revoked access): park it now. */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** Thrown when the work should be retried, but not before `retryAfterMs` (e.g. Plaid's rate limit). */
export class RetryableJobError extends Error {
  override name = "RetryableJobError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

function quotesQueryData(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth += 1) {
    if (current instanceof DrizzleQueryError || current.name === "PostgresError") return true;
  }
  return false;
}

/**
 * A short, secret-free description for `jobs.last_error` and log lines. A database error is named
 * by its classes and SQLSTATE only: Drizzle's message quotes the SQL with its parameters, and
 * PostgreSQL's can quote a value.
 */
export function describeError(error: unknown): string {
  if (quotesQueryData(error)) {
    const fields = errorLogFields(error);
    return `${[fields.error, ...(fields.causes ?? [])].join(" ← ")}${fields.code ? ` (SQLSTATE ${fields.code})` : ""}`;
  }
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
