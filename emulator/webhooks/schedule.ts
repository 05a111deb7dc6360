// Plaid's retry schedule: after a failed attempt wait 30 s, then ×4 each time, and give up once the
// next retry would fall more than 24 h after the first attempt. A 429 with Retry-After is honoured,
// capped at 4 h. Delays are in real milliseconds before the emulator's time scale is applied.
export const FIRST_RETRY_MS = 30_000;
export const RETRY_FACTOR = 4;
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_RETRY_AFTER_MS = 4 * 60 * 60 * 1000;

/** Delay before retry number `retry` (1 = the first retry), or undefined when retrying stops. */
export function retryDelayMs(retry: number, elapsedMs: number, retryAfterMs?: number): number | undefined {
  const backoff = FIRST_RETRY_MS * RETRY_FACTOR ** (retry - 1);
  const delay = retryAfterMs === undefined ? backoff : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return elapsedMs + delay > RETRY_WINDOW_MS ? undefined : delay;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
