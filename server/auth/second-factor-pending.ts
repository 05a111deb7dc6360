import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";

/**
 * Between the password step and the code step of sign-in, the browser holds this signed,
 * httpOnly cookie instead of a session: it names the user, the session version the password was
 * checked at (a password change in between voids it) and the email (for the device cookie), and
 * lasts five minutes. It proves the password only; without a valid code it opens nothing.
 */
export const PENDING_COOKIE = {
  name: (secure: boolean) => (secure ? "__Host-ledgerlink-2fa-pending" : "ledgerlink-2fa-pending"),
  maxAgeSeconds: 5 * 60,
} as const;

const payloadSchema = z.object({ u: z.string().min(1), v: z.number().int(), m: z.string().min(1), e: z.number().int() });
export interface PendingSecondFactor {
  userId: string;
  sessionVersion: number;
  email: string;
}

function mac(secret: string, body: string): Buffer {
  const key = Buffer.from(hkdfSync("sha256", secret, "", "ledgerlink second factor pending v1", 32));
  return createHmac("sha256", key).update(body).digest();
}

export function issuePendingSecondFactor(secret: string, pending: PendingSecondFactor, now: Date = new Date()): string {
  const expires = Math.floor(now.getTime() / 1000) + PENDING_COOKIE.maxAgeSeconds;
  const body = Buffer.from(JSON.stringify({ u: pending.userId, v: pending.sessionVersion, m: pending.email, e: expires })).toString("base64url");
  return `${body}.${mac(secret, body).toString("base64url")}`;
}

/** The pending sign-in a cookie value names, or null when it is forged, malformed or expired. */
export function readPendingSecondFactor(secret: string, value: string | null | undefined, now: Date = new Date()): PendingSecondFactor | null {
  if (!value) return null;
  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success || parsed.data.e * 1000 <= now.getTime()) return null;
  return { userId: parsed.data.u, sessionVersion: parsed.data.v, email: parsed.data.m };
}

export function pendingCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: PENDING_COOKIE.maxAgeSeconds };
}
