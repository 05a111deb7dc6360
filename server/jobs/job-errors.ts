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

/** Postgres unique_violation (23505), wherever the driver or Drizzle tucked the code. */
export function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    if ("code" in current && current.code === "23505") return true;
    current = "cause" in current ? current.cause : undefined;
  }
  return false;
}

/** A short, secret-free description for `jobs.last_error`. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
