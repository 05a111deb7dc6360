import { safeReturnPath as safePath } from "@/server/safe-return-path";

/**
 * What an OAuth bank's full-page redirect (webviews) or a return in another tab must not lose: the
 * Link token (Link resumes only with the same one), what the session was for, where the user
 * started, and whose it is. Kept in localStorage, never sent to the server: a return in another
 * tab still finds it. Because localStorage outlives the tab and is shared by everyone using the
 * browser, the session carries the user id (a different user discards it), expires after 30
 * minutes (or Plaid's expiration, if sooner), and is cleared on sign-out.
 */
export type LinkMode = { kind: "connect" } | { kind: "update"; itemId: string; institutionName: string; addAccounts: boolean };

export interface StoredLinkSession {
  linkToken: string;
  mode: LinkMode;
  /** Who started it: only that user may resume it. */
  userId: string;
  /** Epoch ms when our server created the token. */
  createdAt: number;
  /** Epoch ms of Plaid's `expiration`, when it parsed. */
  expiresAt: number | null;
  /** A same-site path to go back to afterwards. */
  returnTo: string;
}

// Checked by hand rather than with zod: this runs in the browser, and even zod/mini brings zod's
// core (~19 KiB compressed) into every page with a Connect or Reconnect button.
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function parseLinkMode(value: unknown): LinkMode | null {
  if (!isRecord(value)) return null;
  if (value.kind === "connect") return { kind: "connect" };
  const { kind, itemId, institutionName, addAccounts } = value;
  if (kind === "update" && typeof itemId === "string" && typeof institutionName === "string" && typeof addAccounts === "boolean") {
    return { kind, itemId, institutionName, addAccounts };
  }
  return null;
}

/** The stored value, or null for anything else (another version's shape, a hand edit). */
function parseStoredSession(value: unknown): StoredLinkSession | null {
  if (!isRecord(value)) return null;
  const mode = parseLinkMode(value.mode);
  const { linkToken, userId, createdAt, expiresAt, returnTo } = value;
  if (mode === null || typeof linkToken !== "string" || linkToken.length === 0 || typeof returnTo !== "string") return null;
  if (typeof userId !== "string" || userId.length === 0) return null;
  const finite = (number: unknown): number is number => typeof number === "number" && Number.isFinite(number);
  if (!finite(createdAt) || !(expiresAt === null || finite(expiresAt))) return null;
  return { linkToken, mode, userId, createdAt, expiresAt, returnTo };
}

export const LINK_SESSION_KEY = "ledgerlink.link-session";
/**
 * How long a stored session may be resumed. Plaid's Link tokens live 4 hours, but nobody spends
 * more than a few minutes at their bank; a shorter window leaves less behind on a shared browser.
 */
export const LINK_RESUME_WINDOW_MS = 30 * 60_000;

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Only a path on this site, never /oauth-return itself: no open redirect, no loop, through the stored value. */
export function safeReturnPath(path: string | null | undefined, fallback = "/settings"): string {
  const safe = safePath(path, fallback);
  return safe === "/oauth-return" || safe.startsWith("/oauth-return?") || safe.startsWith("/oauth-return/") || safe.startsWith("/oauth-return#") ? fallback : safe;
}

export function rememberLinkSession(
  storage: KeyValueStore,
  session: { linkToken: string; mode: LinkMode; userId: string; expiration: string | null; returnTo: string },
  now = Date.now(),
): void {
  const expiresAt = session.expiration ? Date.parse(session.expiration) : Number.NaN;
  const stored: StoredLinkSession = {
    linkToken: session.linkToken,
    mode: session.mode,
    userId: session.userId,
    createdAt: now,
    expiresAt: Number.isFinite(expiresAt) ? expiresAt : null,
    returnTo: safeReturnPath(session.returnTo),
  };
  try {
    storage.setItem(LINK_SESSION_KEY, JSON.stringify(stored));
  } catch {
    // Storage full or disabled: an OAuth bank then cannot resume, which /oauth-return explains.
  }
}

export type RecalledLinkSession =
  | { state: "missing" }
  | { state: "expired"; session: StoredLinkSession }
  /** Started by someone else signed in on this browser: discarded, never resumed. */
  | { state: "other-user" }
  | { state: "ready"; session: StoredLinkSession };

/** The stored session for `userId`, or why there is none to resume. Another user's is deleted on sight. */
export function recallLinkSession(storage: KeyValueStore, userId: string, now = Date.now()): RecalledLinkSession {
  let raw: string | null;
  try {
    raw = storage.getItem(LINK_SESSION_KEY);
  } catch {
    return { state: "missing" };
  }
  if (!raw) return { state: "missing" };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { state: "missing" };
  }
  const session = parseStoredSession(parsed);
  if (!session) return { state: "missing" };
  if (session.userId !== userId) {
    forgetLinkSession(storage);
    return { state: "other-user" };
  }
  const expired = now - session.createdAt >= LINK_RESUME_WINDOW_MS || (session.expiresAt !== null && now >= session.expiresAt);
  return expired ? { state: "expired", session } : { state: "ready", session };
}

export function forgetLinkSession(storage: KeyValueStore): void {
  try {
    storage.removeItem(LINK_SESSION_KEY);
  } catch {
    // Nothing to do: the token expires by itself.
  }
}

/** The browser's localStorage, or null during server rendering or where it is blocked. */
export function browserLinkStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null;
  }
}
