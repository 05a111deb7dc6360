import type { Queryable } from "@/db/client";
import { countInWindow, peekWindow, secondsUntil } from "@/server/rate-limit";
import { claimPasswordAttempt, clearPasswordFailures, passwordBackoffKey, recordPasswordFailure } from "./password-backoff";

/**
 * The sign-in policy besides the per-email backoff (./password-backoff.ts). Only failures count:
 * a user who types the right password is never slowed by their own successes.
 */
export const SIGN_IN_THROTTLE = {
  /**
   * Failed sign-ins across every client per minute before each attempt is slowed. The ceiling
   * for an attacker the app cannot tell apart by address (no trusted proxy, or spoofed headers).
   */
  globalFailures: { budget: 30, windowMs: 60_000, delayPerExcessMs: 200, maxDelayMs: 5_000 },
  /** Only when a trusted proxy gives a real address (TRUSTED_PROXY_HOPS > 0). */
  perAddressFailures: { limit: 50, windowMs: 15 * 60_000 },
} as const;

const GLOBAL_FAILURES_KEY = "sign-in:failures";
const addressKey = (address: string) => `sign-in:address:${address}`;

export interface ThrottleClock {
  now: () => Date;
  /** Server-side wait; tests pass one that advances their clock instead of sleeping. */
  sleep: (ms: number) => Promise<void>;
}

export const realClock: ThrottleClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SignInAttempt {
  email: string;
  /** From clientAddress(); null when no trusted proxy vouches for it. */
  address: string | null;
}

/** The delay every sign-in waits while the global failure budget is exceeded: grows with the excess. */
export function globalFailureDelayMs(failuresThisWindow: number): number {
  const { budget, delayPerExcessMs, maxDelayMs } = SIGN_IN_THROTTLE.globalFailures;
  return Math.min(maxDelayMs, Math.max(0, failuresThisWindow - budget) * delayPerExcessMs);
}

/**
 * Runs before the password is checked: waits out the global delay, then refuses (without checking
 * the password) a trusted address over its limit or an email inside its backoff wait.
 */
export async function admitSignIn(
  db: Queryable,
  attempt: SignInAttempt,
  clock: ThrottleClock,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const global = await peekWindow(db, GLOBAL_FAILURES_KEY, SIGN_IN_THROTTLE.globalFailures.windowMs, clock.now());
  const delay = globalFailureDelayMs(global.count);
  if (delay > 0) await clock.sleep(delay);

  const now = clock.now();
  if (attempt.address !== null) {
    const { limit, windowMs } = SIGN_IN_THROTTLE.perAddressFailures;
    const byAddress = await peekWindow(db, addressKey(attempt.address), windowMs, now);
    if (byAddress.count >= limit) return { allowed: false, retryAfterSeconds: secondsUntil(byAddress.resetsAt, now) };
  }
  return claimPasswordAttempt(db, passwordBackoffKey(attempt.email), now);
}

/** Runs after an admitted attempt's password check. */
export async function recordSignInOutcome(db: Queryable, attempt: SignInAttempt, ok: boolean, now: Date): Promise<void> {
  const emailKey = passwordBackoffKey(attempt.email);
  if (ok) {
    await clearPasswordFailures(db, emailKey);
    return;
  }
  await Promise.all([
    recordPasswordFailure(db, emailKey),
    countInWindow(db, GLOBAL_FAILURES_KEY, SIGN_IN_THROTTLE.globalFailures.windowMs, now),
    attempt.address === null
      ? undefined
      : countInWindow(db, addressKey(attempt.address), SIGN_IN_THROTTLE.perAddressFailures.windowMs, now),
  ]);
}
