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

/** A short, secret-free description for `jobs.last_error`. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}
