import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { secondsUntil } from "@/server/rate-limit";

/**
 * Password guesses against one account: a few free failures, then an exponentially growing wait
 * between allowed attempts, instead of a lockout that would let anyone lock a known email out.
 */
export const PASSWORD_BACKOFF = {
  freeFailures: 5,
  /** Wait after the first failure past the free ones; doubles with each further failure. */
  firstWaitMs: 1_000,
  maxWaitMs: 60_000,
  /** Failures are forgotten after this long without an attempt. */
  forgetAfterMs: 60 * 60_000,
  /** Keys are a bucket of the email's hash, so the table holds at most this many such rows. */
  buckets: 65_536,
} as const;

export type AttemptClaim = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A 16-bit bucket of the email's SHA-256: rows hold no email, and fresh emails cannot grow the table. */
function emailBucket(email: string): string {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest();
  return (digest.readUInt16BE(0) % PASSWORD_BACKOFF.buckets).toString(16).padStart(4, "0");
}

/** Where a sign-in attempt comes from, as far as the server can vouch for it. */
export interface AttemptOrigin {
  /** From clientAddress(); null when no trusted proxy vouches for one. */
  address?: string | null;
  /** From a verified device cookie (./device-cookie.ts) issued for this email. */
  deviceId?: string | null;
}

/**
 * The backoff counter for sign-in attempts at an email from one origin: a device that signed in
 * before has its own; otherwise the client's address has its own; only when the server knows
 * neither do all attempts at the email share one. So an attacker's failures slow the attacker, not
 * the owner at another address or on their own device. Two accounts sharing an email bucket share
 * a counter, which matters only while one of them is under attack.
 */
export function passwordBackoffKey(email: string, origin: AttemptOrigin = {}): string {
  const bucket = `password:${emailBucket(email)}`;
  if (origin.deviceId) return `${bucket}:device:${origin.deviceId}`;
  if (origin.address) return `${bucket}:address:${createHash("sha256").update(origin.address).digest("hex").slice(0, 16)}`;
  return bucket;
}

/** Failures across every origin of one email, for the per-email ceiling of untrusted devices. */
export function emailFailuresKey(email: string): string {
  return `sign-in:email:${emailBucket(email)}`;
}

/**
 * Re-entering the password inside a signed-in session (change password, delete account) has its
 * own backoff per user: a stolen session guesses no faster than the form, and nobody's sign-in
 * failures elsewhere can block the owner's settings.
 */
export const reauthBackoffKey = (userId: string): string => `reauth:${userId}`;

/** How long after an attempt the next one is allowed, given the consecutive failures so far. */
export function waitAfterFailures(failures: number): number {
  const { freeFailures, firstWaitMs, maxWaitMs } = PASSWORD_BACKOFF;
  if (failures < freeFailures) return 0;
  return Math.min(maxWaitMs, firstWaitMs * 2 ** (failures - freeFailures));
}

/**
 * Claims the right to check one password for `key`, counting it as a failure in the same statement
 * (a success clears the row afterwards): allowed while under the free failures, or when the wait
 * since the last attempt has passed. Parallel requests therefore get at most the free failures,
 * then one check per wait, never one each. A refused attempt changes nothing.
 */
export async function claimPasswordAttempt(db: Queryable, key: string, now: Date): Promise<AttemptClaim> {
  const { freeFailures, firstWaitMs, maxWaitMs, forgetAfterMs } = PASSWORD_BACKOFF;
  const nowText = now.toISOString();
  const forgotten = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - forgetAfterMs).toISOString()}::timestamptz`;
  const waitMs = sql`least(${maxWaitMs}, ${firstWaitMs} * power(2, greatest(${rateLimits.count} - ${freeFailures}, 0)))`;
  const claimed = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { windowStart: now, count: sql`case when ${forgotten} then 1 else ${rateLimits.count} + 1 end` },
      setWhere: sql`${forgotten} or ${rateLimits.count} < ${freeFailures}
        or ${rateLimits.windowStart} + ${waitMs} * interval '1 millisecond' <= ${nowText}::timestamptz`,
    })
    .returning({ count: rateLimits.count });
  if (claimed.length > 0) return { allowed: true };
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
  const retryAt = (row?.windowStart.getTime() ?? now.getTime()) + waitAfterFailures(row?.count ?? 0);
  return { allowed: false, retryAfterSeconds: secondsUntil(retryAt, now) };
}

/** A right password: the failures are forgiven, and the row goes away. */
export async function clearPasswordFailures(db: Queryable, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
