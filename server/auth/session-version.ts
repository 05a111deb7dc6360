import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";

/**
 * Every session token carries the user's `session_version` from sign-in; a password change bumps
 * the column, and every token minted before it stops working on its next read.
 *
 * Reads are cached per process for a few seconds, and only a cached value *equal* to the token's
 * is trusted: a stale cache can keep an old session alive for at most `CACHE_MS` on another
 * process, but can never sign out a session that is current.
 */
export const SESSION_VERSION_CACHE_MS = 5_000;
const MAX_CACHED_USERS = 10_000;

const cache = new Map<string, { version: number | null; readAt: number }>();

async function readSessionVersion(db: Queryable, userId: string): Promise<number | null> {
  // A user being deleted has no valid session, as if already gone.
  const [row] = await db
    .select({ version: users.sessionVersion })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.deletingAt)))
    .limit(1);
  return row?.version ?? null;
}

/** Whether a token for `userId` minted at `tokenVersion` is still valid (false once the user is gone). */
export async function isSessionVersionCurrent(
  db: Queryable,
  userId: string,
  tokenVersion: number,
  now: number = Date.now(),
): Promise<boolean> {
  const cached = cache.get(userId);
  if (cached && cached.version === tokenVersion && now - cached.readAt < SESSION_VERSION_CACHE_MS) return true;
  const version = await readSessionVersion(db, userId);
  if (cache.size >= MAX_CACHED_USERS) cache.clear();
  cache.set(userId, { version, readAt: now });
  return version === tokenVersion;
}

/** After a password change or account deletion: this process sees the new truth at once. */
export function forgetSessionVersion(userId: string): void {
  cache.delete(userId);
}

export interface SessionTokenClaims {
  sub?: string;
  sessionVersion?: number;
  [claim: string]: unknown;
}

/**
 * The Auth.js `jwt` callback's rule. At sign-in the token takes the user's version; on every later
 * read the token must still match the database, or the session ends (null clears the cookie).
 * Tokens minted before versions existed carry none and count as version 0, the column's default.
 */
export async function checkSessionToken<T extends SessionTokenClaims>(
  db: Queryable,
  params: { token: T; user?: { id?: string; sessionVersion?: number } },
): Promise<T | null> {
  const { token, user } = params;
  if (user?.id) return { ...token, sub: user.id, sessionVersion: user.sessionVersion ?? 0 };
  if (!token.sub) return null;
  try {
    return (await isSessionVersionCurrent(db, token.sub, token.sessionVersion ?? 0)) ? token : null;
  } catch {
    // The database is unreachable: keep the (signed, unexpired) session rather than tell the user
    // to sign in again during an outage. Nothing can be read or changed without the database
    // anyway, and the check runs again on the next request.
    return token;
  }
}
