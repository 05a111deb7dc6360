import { and, eq, gt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { rateLimits } from "@/db/schema";

export interface RateLimitRule {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Whole seconds until `at`, at least 1 (a "try again in 0 s" reads like a bug). */
export function secondsUntil(at: number, now: Date): number {
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * Adds one to `key`'s fixed window (starting a new window when the last one ended) and answers
 * the count so far. Kept in Postgres, so every app process and instance shares the same counters
 * (an in-memory map would reset per process).
 */
export async function countInWindow(
  db: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; windowStart: Date }> {
  const windowFloor = new Date(now.getTime() - windowMs);
  const expired = sql`${rateLimits.windowStart} <= ${windowFloor.toISOString()}::timestamptz`;
  const [row] = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${expired} then excluded.window_start else ${rateLimits.windowStart} end`,
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
      },
    })
    .returning({ count: rateLimits.count, windowStart: rateLimits.windowStart });
  if (!row) throw new Error(`rate limit upsert for ${key} returned no row`);
  return row;
}

/** `key`'s count in its current window without adding to it; 0 when the window has ended. */
export async function peekWindow(
  db: Queryable,
  key: string,
  windowMs: number,
  now: Date,
): Promise<{ count: number; resetsAt: number }> {
  const windowFloor = new Date(now.getTime() - windowMs);
  const [row] = await db
    .select({ count: rateLimits.count, windowStart: rateLimits.windowStart })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, windowFloor)))
    .limit(1);
  return row ? { count: row.count, resetsAt: row.windowStart.getTime() + windowMs } : { count: 0, resetsAt: now.getTime() };
}

/**
 * Admits one attempt against `key` if its window still has room, counting it in the same
 * statement: the upsert only adds one `where count < limit` (or when the window has ended, which
 * starts a new window at one), so concurrent attempts can never all read "below the limit" and
 * pass together. A refused attempt changes nothing and costs one extra read for the wait.
 */
export async function admitInWindow(
  db: Queryable,
  key: string,
  rule: RateLimitRule,
  now: Date = new Date(),
): Promise<RateLimitResult> {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const expired = sql`${rateLimits.windowStart} <= ${windowFloor.toISOString()}::timestamptz`;
  const admitted = await db
    .insert(rateLimits)
    .values({ key, windowStart: now, count: 1 })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        windowStart: sql`case when ${expired} then excluded.window_start else ${rateLimits.windowStart} end`,
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
      },
      setWhere: sql`${expired} or ${rateLimits.count} < ${rule.limit}`,
    })
    .returning({ count: rateLimits.count });
  if (admitted.length > 0) return { allowed: true };
  const { resetsAt } = await peekWindow(db, key, rule.windowMs, now);
  return { allowed: false, retryAfterSeconds: secondsUntil(resetsAt, now) };
}

/** Gives back one admission (a rule that counts only failures, after a success). */
export async function releaseAdmission(db: Queryable, key: string): Promise<void> {
  await db
    .update(rateLimits)
    .set({ count: sql`greatest(${rateLimits.count} - 1, 0)` })
    .where(eq(rateLimits.key, key));
}

/** Counts one attempt against `key` if `rule` still has room; refused attempts are not counted. */
export const hitRateLimit = admitInWindow;
