import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users, userSessions } from "@/db/schema";
import { SESSION_VERSION_CACHE_MS } from "./session-version";

/** last_seen_at moves forward at most this often: one write a minute per active session. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;
const MAX_CACHED_SESSIONS = 20_000;

/** "Firefox on Linux": enough to recognise a device in a list, without keeping the raw header. */
export function describeDevice(userAgent: string | null): string {
  const ua = userAgent ?? "";
  const browser =
    /Edg\//.test(ua) ? "Edge"
    : /OPR\/|Opera/.test(ua) ? "Opera"
    : /Firefox\//.test(ua) ? "Firefox"
    : /(Chrome|Chromium|CriOS)\//.test(ua) ? "Chrome"
    : /Safari\//.test(ua) ? "Safari"
    : null;
  const os =
    /iPhone|iPad|iPod/.test(ua) ? "iOS"
    : /Android/.test(ua) ? "Android"
    : /Windows/.test(ua) ? "Windows"
    : /Mac OS X|Macintosh/.test(ua) ? "macOS"
    : /CrOS/.test(ua) ? "ChromeOS"
    : /Linux/.test(ua) ? "Linux"
    : null;
  if (browser && os) return `${browser} on ${os}`;
  return browser ?? os ?? "Unknown device";
}

/**
 * The network an address belongs to (IPv4 /24, IPv6 /48), shown as the session's approximate
 * place. Only ever called with an address from clientAddress(), which is null unless
 * TRUSTED_PROXY_HOPS vouches for it: a forged X-Forwarded-For never reaches the list.
 */
export function networkOf(address: string | null): string | null {
  if (!address) return null;
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.\d+$/.exec(address);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  const groups = address.replace(/::\/64$/, "").split(":");
  if (groups.length >= 3 && groups.every((group) => /^[0-9a-f]{1,4}$/.test(group))) return `${groups.slice(0, 3).join(":")}::/48`;
  return null;
}

export async function createUserSession(
  db: Queryable,
  params: { userId: string; sessionVersion: number; userAgent: string | null; address: string | null; now?: Date },
): Promise<string> {
  const now = params.now ?? new Date();
  const [row] = await db
    .insert(userSessions)
    .values({
      userId: params.userId,
      sessionVersion: params.sessionVersion,
      device: describeDevice(params.userAgent),
      network: networkOf(params.address),
      createdAt: now,
      lastSeenAt: now,
    })
    .returning({ id: userSessions.id });
  if (!row) throw new Error("user_sessions insert returned no row");
  return row.id;
}

const cache = new Map<string, { readAt: number; lastSeenAt: number }>();

/**
 * Whether the session row `sessionId` of `userId` is still active, touching last_seen_at when it
 * is a minute old. Like session-version, only a positive answer is cached, for
 * SESSION_VERSION_CACHE_MS: a session revoked on another process keeps working there for at most
 * that long (on this process, revocation forgets the entry at once); nothing current is refused.
 */
export async function isUserSessionActive(db: Queryable, userId: string, sessionId: string, now: number = Date.now()): Promise<boolean> {
  const cached = cache.get(sessionId);
  if (cached && now - cached.readAt < SESSION_VERSION_CACHE_MS) return true;
  const [row] = await db
    .select({ lastSeenAt: userSessions.lastSeenAt })
    .from(userSessions)
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .limit(1);
  if (!row) {
    cache.delete(sessionId);
    return false;
  }
  let lastSeenAt = row.lastSeenAt.getTime();
  if (now - lastSeenAt >= LAST_SEEN_RESOLUTION_MS) {
    await db.update(userSessions).set({ lastSeenAt: new Date(now) }).where(eq(userSessions.id, sessionId));
    lastSeenAt = now;
  }
  if (cache.size >= MAX_CACHED_SESSIONS) cache.clear();
  cache.set(sessionId, { readAt: now, lastSeenAt });
  return true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isSessionId = (value: unknown): value is string => typeof value === "string" && UUID.test(value);

export interface ActiveSession {
  id: string;
  device: string;
  network: string | null;
  createdAt: Date;
  lastSeenAt: Date;
}

/** The user's sessions that still work: not revoked, minted at the user's current session version. */
export async function listActiveSessions(db: Queryable, userId: string): Promise<ActiveSession[]> {
  return db
    .select({
      id: userSessions.id,
      device: userSessions.device,
      network: userSessions.network,
      createdAt: userSessions.createdAt,
      lastSeenAt: userSessions.lastSeenAt,
    })
    .from(userSessions)
    .innerJoin(users, and(eq(users.id, userSessions.userId), eq(users.sessionVersion, userSessions.sessionVersion)))
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .orderBy(desc(userSessions.lastSeenAt))
    .limit(100);
}

/** Ends one of the user's sessions; false when no active session of theirs has that id. */
export async function revokeUserSession(db: Queryable, userId: string, sessionId: string, now: Date = new Date()): Promise<boolean> {
  const revoked = await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)))
    .returning({ id: userSessions.id });
  cache.delete(sessionId);
  return revoked.length > 0;
}

/** Ends every session of the user but `keepSessionId` (all of them when it is null). */
export async function revokeOtherSessions(db: Queryable, userId: string, keepSessionId: string | null, now: Date = new Date()): Promise<number> {
  const revoked = await db
    .update(userSessions)
    .set({ revokedAt: now })
    .where(and(eq(userSessions.userId, userId), isNull(userSessions.revokedAt), keepSessionId ? ne(userSessions.id, keepSessionId) : sql`true`))
    .returning({ id: userSessions.id });
  for (const { id } of revoked) cache.delete(id);
  return revoked.length;
}

/**
 * The Auth.js `jwt` callback's second rule, after the session version: at sign-in the token takes
 * the session row made by `authorize` (`sid`); later, a token whose row was revoked, or that has
 * none (minted before session rows existed), ends. The database being down keeps the session, as
 * in checkSessionToken.
 */
export async function checkSessionRow<T extends { sub?: string; sid?: unknown }>(
  db: Queryable,
  token: T | null,
  user?: { id?: string; sessionId?: string },
): Promise<T | null> {
  if (!token) return null;
  if (user?.id) return { ...token, sid: user.sessionId };
  if (!token.sub || !isSessionId(token.sid)) return null;
  try {
    return (await isUserSessionActive(db, token.sub, token.sid)) ? token : null;
  } catch {
    return token;
  }
}
