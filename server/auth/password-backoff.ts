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

/**
 * The counter key for an email: a 16-bit bucket of its SHA-256. The rows hold no email, and an
 * attacker trying fresh emails cannot grow the table past `buckets` rows. Two accounts sharing a
 * bucket share a counter, which matters only while one of them is under attack.
 */
export function passwordBackoffKey(email: string): string {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest();
  return `password:${(digest.readUInt16BE(0) % PASSWORD_BACKOFF.buckets).toString(16).padStart(4, "0")}`;
}

/** How long after an attempt the next one is allowed, given the consecutive failures so far. */
export function waitAfterFailures(failures: number): number {
  const { freeFailures, firstWaitMs, maxWaitMs } = PASSWORD_BACKOFF;
  if (failures < freeFailures) return 0;
  return Math.min(maxWaitMs, firstWaitMs * 2 ** (failures - freeFailures));
}

/**
 * Claims the right to check one password for `key`: allowed when the wait since the last attempt
 * has passed, and then the attempt time is recorded in the same statement, so parallel requests
 * past the free failures get one check per wait, not one each. A refused attempt changes nothing.
 */
export async function claimPasswordAttempt(db: Queryable, key: string, now: Date): Promise<AttemptClaim> {
  const { freeFailures, firstWaitMs, maxWaitMs, forgetAfterMs } = PASSWORD_BACKOFF;
  const nowText = now.toISOString();
  const forgotten = sql`${rateLimits.windowStart} <= ${new Date(now.getTime() - forgetAfterMs).toISOString()}::timestamptz`;
  const waitMs = sql`least(${maxWaitMs}, ${firstWaitMs} * power(2, greatest(${rateLimits.count} - ${freeFailures}, 0)))`;
  const claimed = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 0 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: { windowStart: now, count: sql`case when ${forgotten} then 0 else ${rateLimits.count} end` },
      setWhere: sql`${forgotten} or ${rateLimits.count} < ${freeFailures}
        or ${rateLimits.windowStart} + ${waitMs} * interval '1 millisecond' <= ${nowText}::timestamptz`,
    })
    .returning({ count: rateLimits.count });
  if (claimed.length > 0) return { allowed: true };
  const [row] = await db.select().from(rateLimits).where(eq(rateLimits.key, key)).limit(1);
  const retryAt = (row?.windowStart.getTime() ?? now.getTime()) + waitAfterFailures(row?.count ?? 0);
  return { allowed: false, retryAfterSeconds: secondsUntil(retryAt, now) };
}

/** One more consecutive failure for `key` (after a claimed attempt). */
export async function recordPasswordFailure(db: Queryable, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`${rateLimits.count} + 1` })
    .where(eq(rateLimits.key, key));
}

/** A right password: the failures are forgiven, and the row goes away. */
export async function clearPasswordFailures(db: Queryable, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}
