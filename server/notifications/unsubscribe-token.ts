import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { isUnsubscribeTarget, type UnsubscribeTarget } from "./kinds";

// A key of its own, derived from AUTH_SECRET: an unsubscribe MAC can never be mistaken for, or
// help forge, a session token signed with the secret itself.
const KEY_INFO = "ledgerlink notifications unsubscribe v1";

function keyFrom(authSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", authSecret, "", KEY_INFO, 32));
}

function mac(authSecret: string, payload: string): Buffer {
  return createHmac("sha256", keyFrom(authSecret)).update(payload).digest();
}

/**
 * `<base64url(userId:target)>.<base64url(hmac)>`: the link in every email, good without a
 * sign-in. It does not expire (an old email's link should still work) and does one thing only:
 * turn off that user's emails of that kind.
 */
export function signUnsubscribeToken(authSecret: string, userId: string, target: UnsubscribeTarget): string {
  const payload = `${userId}:${target}`;
  return `${Buffer.from(payload).toString("base64url")}.${mac(authSecret, payload).toString("base64url")}`;
}

export type UnsubscribeTokenCheck = { ok: true; userId: string; target: UnsubscribeTarget } | { ok: false };

/** Never throws on forged input; a tampered token is simply not ok. */
export function verifyUnsubscribeToken(authSecret: string, token: string): UnsubscribeTokenCheck {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false };
  const payload = Buffer.from(parts[0], "base64url").toString("utf8");
  const given = Buffer.from(parts[1], "base64url");
  const expected = mac(authSecret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
  const separator = payload.lastIndexOf(":");
  const userId = payload.slice(0, separator);
  const target = payload.slice(separator + 1);
  if (separator <= 0 || !isUnsubscribeTarget(target)) return { ok: false };
  return { ok: true, userId, target };
}
