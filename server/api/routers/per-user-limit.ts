import { TRPCError } from "@trpc/server";
import type { Queryable } from "@/db/client";
import { admitInWindow, type RateLimitRule } from "@/server/rate-limit";

/**
 * Per-user limits of the procedures that call Plaid. Keyed `<procedure>:<userId>` only, never by
 * anything in the input: a caller cannot vary the key (random item ids create no rows), and
 * account deletion finds every row by the user id.
 */
export const PLAID_PROCEDURE_LIMITS = {
  // Opening Link is cheap for a person and costly when scripted: a few tries per minute is plenty.
  "link-token": { limit: 10, windowMs: 10 * 60_000 },
  // Each exchange creates a billed item; a person connects a few banks in a sitting.
  exchange: { limit: 10, windowMs: 10 * 60_000 },
  "complete-update": { limit: 10, windowMs: 10 * 60_000 },
  // Each press queues a refresh and a sync; webhooks keep items fresh anyway.
  "sync-now": { limit: 5, windowMs: 60_000 },
  // Real-time balance calls are slow and rate-limited at Plaid; a person rarely needs more.
  "balance-refresh": { limit: 6, windowMs: 60_000 },
  // Each read is a billed, live call to the bank; a person opening the panel needs a few a minute.
  identity: { limit: 10, windowMs: 60_000 },
  "item-remove": { limit: 20, windowMs: 10 * 60_000 },
  "account-delete": { limit: 5, windowMs: 10 * 60_000 },
} as const satisfies Record<string, RateLimitRule>;

export type PlaidProcedureName = keyof typeof PLAID_PROCEDURE_LIMITS;

/**
 * Counts one call of `procedure` for the user, before any lookup of the input (so a missing and a
 * foreign id behave alike here too), or refuses with TOO_MANY_REQUESTS and `message(seconds)`.
 */
export async function limitPerUser(
  db: Queryable,
  userId: string,
  procedure: PlaidProcedureName,
  message: (retryAfterSeconds: number) => string,
): Promise<void> {
  const admitted = await admitInWindow(db, `${procedure}:${userId}`, PLAID_PROCEDURE_LIMITS[procedure]);
  if (!admitted.allowed) throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: message(admitted.retryAfterSeconds) });
}
