import type { Queryable } from "@/db/client";
import { admitInWindow, releaseAdmission, type RateLimitRule } from "@/server/rate-limit";
import { claimPasswordAttempt, clearPasswordFailures, emailFailuresKey, passwordBackoffKey } from "./password-backoff";

/**
 * The sign-in policy around the per-origin backoff (./password-backoff.ts). Every counter is
 * counted when an attempt is admitted, in the statement that checks it, so concurrent attempts
 * cannot all slip in under a limit; only failures stay counted (a success gives its admissions
 * back). A browser with a device cookie for the email skips the shared ceilings: they exist for
 * clients the server cannot tell apart, and must not let anyone keep the owner out.
 */
export const SIGN_IN_THROTTLE = {
  /**
   * Failed sign-ins from unknown devices across every client per minute; past it, such attempts
   * are refused with a wait (the ceiling on password checks when addresses cannot be trusted).
   */
  globalFailures: { limit: 100, windowMs: 60_000 } satisfies RateLimitRule,
  /** Only when a trusted proxy gives a real address (TRUSTED_PROXY_HOPS > 0). */
  perAddressFailures: { limit: 50, windowMs: 15 * 60_000 } satisfies RateLimitRule,
  /**
   * Failures at one email from unknown devices, over every address. One address's backoff allows
   * about 70 an hour, so one attacker never reaches it; many addresses do, and then only devices
   * that signed in before still get to try.
   */
  perEmailFailures: { limit: 150, windowMs: 60 * 60_000 } satisfies RateLimitRule,
} as const;

const GLOBAL_FAILURES_KEY = "sign-in:failures";
const addressKey = (address: string) => `sign-in:address:${address}`;

export interface SignInAttempt {
  email: string;
  /** From clientAddress(); null when no trusted proxy vouches for it. */
  address: string | null;
  /** From a device cookie verified for this email; null without one. */
  deviceId: string | null;
}

export type SignInAdmission =
  | { allowed: true; counted: string[]; backoffKey: string }
  /** `busy`: a shared ceiling (everyone's attempts); `rate_limited`: this origin's own limit. */
  | { allowed: false; reason: "busy" | "rate_limited"; retryAfterSeconds: number };

/**
 * Runs before the password is checked; refuses (without checking it) an attempt over a ceiling,
 * over its address's limit, or inside its origin's backoff wait.
 */
export async function admitSignIn(db: Queryable, attempt: SignInAttempt, now: Date): Promise<SignInAdmission> {
  const backoffKey = passwordBackoffKey(attempt.email, attempt);
  const counted: string[] = [];
  const refuse = async (reason: "busy" | "rate_limited", retryAfterSeconds: number): Promise<SignInAdmission> => {
    // A refused attempt checks no password, so it gives back what it was counted against.
    await Promise.all(counted.map((key) => releaseAdmission(db, key)));
    return { allowed: false, reason, retryAfterSeconds };
  };
  const ceilings: { key: string; rule: RateLimitRule; reason: "busy" | "rate_limited" }[] = [];
  if (attempt.deviceId === null) {
    ceilings.push({ key: GLOBAL_FAILURES_KEY, rule: SIGN_IN_THROTTLE.globalFailures, reason: "busy" });
    ceilings.push({ key: emailFailuresKey(attempt.email), rule: SIGN_IN_THROTTLE.perEmailFailures, reason: "rate_limited" });
    if (attempt.address !== null) {
      ceilings.push({ key: addressKey(attempt.address), rule: SIGN_IN_THROTTLE.perAddressFailures, reason: "rate_limited" });
    }
  }
  for (const ceiling of ceilings) {
    const admitted = await admitInWindow(db, ceiling.key, ceiling.rule, now);
    if (!admitted.allowed) return refuse(ceiling.reason, admitted.retryAfterSeconds);
    counted.push(ceiling.key);
  }
  const claim = await claimPasswordAttempt(db, backoffKey, now);
  if (!claim.allowed) return refuse("rate_limited", claim.retryAfterSeconds);
  return { allowed: true, counted, backoffKey };
}

/** Runs after an admitted attempt's password check: a success forgives and gives back its counts. */
export async function recordSignInOutcome(db: Queryable, admission: Extract<SignInAdmission, { allowed: true }>, ok: boolean): Promise<void> {
  if (!ok) return; // already counted at admission
  await Promise.all([clearPasswordFailures(db, admission.backoffKey), ...admission.counted.map((key) => releaseAdmission(db, key))]);
}
