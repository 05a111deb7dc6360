// zod/mini: the same checks at a fraction of the size, since this runs in the browser (full zod is ~32 KiB compressed).
import * as z from "zod/mini";

/**
 * What an OAuth bank's full-page redirect must not lose: the Link token (Link resumes only with
 * the same one), what the session was for, and where the user started. Kept in sessionStorage:
 * per tab, gone when the tab closes, never sent to the server.
 */
export const linkModeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("connect") }),
  z.object({ kind: z.literal("update"), itemId: z.string(), institutionName: z.string(), addAccounts: z.boolean() }),
]);
export type LinkMode = z.infer<typeof linkModeSchema>;

const storedSchema = z.object({
  linkToken: z.string().check(z.minLength(1)),
  mode: linkModeSchema,
  /** Epoch ms when our server created the token. */
  createdAt: z.number(),
  /** Epoch ms of Plaid's `expiration`, when it parsed. */
  expiresAt: z.nullable(z.number()),
  /** A same-site path to go back to afterwards. */
  returnTo: z.string(),
});
export type StoredLinkSession = z.infer<typeof storedSchema>;

export const LINK_SESSION_KEY = "ledgerlink.link-session";
/** Plaid's Link tokens live 4 hours; a stored one older than that is useless even without `expiration`. */
export const LINK_TOKEN_LIFETIME_MS = 4 * 60 * 60_000;

type KeyValueStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Only a path on this site: never an open redirect through the stored value. */
export function safeReturnPath(path: string | null | undefined, fallback = "/settings"): string {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/oauth-return")) return fallback;
  return path;
}

export function rememberLinkSession(
  storage: KeyValueStore,
  session: { linkToken: string; mode: LinkMode; expiration: string | null; returnTo: string },
  now = Date.now(),
): void {
  const expiresAt = session.expiration ? Date.parse(session.expiration) : Number.NaN;
  const stored: StoredLinkSession = {
    linkToken: session.linkToken,
    mode: session.mode,
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

export type RecalledLinkSession = { state: "missing" } | { state: "expired"; session: StoredLinkSession } | { state: "ready"; session: StoredLinkSession };

/** The stored session, or why there is none to resume. */
export function recallLinkSession(storage: KeyValueStore, now = Date.now()): RecalledLinkSession {
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
  const result = storedSchema.safeParse(parsed);
  if (!result.success) return { state: "missing" };
  const session = result.data;
  const expired = now - session.createdAt >= LINK_TOKEN_LIFETIME_MS || (session.expiresAt !== null && now >= session.expiresAt);
  return expired ? { state: "expired", session } : { state: "ready", session };
}

export function forgetLinkSession(storage: KeyValueStore): void {
  try {
    storage.removeItem(LINK_SESSION_KEY);
  } catch {
    // Nothing to do: the token expires by itself.
  }
}

/** The browser's sessionStorage, or null during server rendering or where it is blocked. */
export function browserSessionStorage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
