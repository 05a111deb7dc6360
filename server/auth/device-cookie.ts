import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * A browser that once signed in to an account carries a signed device cookie for that email. Its
 * sign-in attempts are counted apart from everyone else's (./sign-in-throttle.ts), so an attacker
 * guessing the owner's password elsewhere cannot keep the owner out. The cookie holds a random
 * device id and an HMAC over (device id, email) with a key derived from AUTH_SECRET: it names no
 * email, cannot be forged, and a cookie for one email does nothing for another.
 */
export const DEVICE_COOKIE = {
  /** `__Host-` (Secure, path=/, no Domain) whenever the cookie is Secure. */
  name: (secure: boolean) => (secure ? "__Host-ledgerlink-device" : "ledgerlink-device"),
  maxAgeSeconds: 365 * 24 * 60 * 60,
} as const;

const deviceIdPattern = /^[A-Za-z0-9_-]{22}$/;

function macKey(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "", "ledgerlink sign-in device cookie v1", 32));
}

function mac(secret: string, deviceId: string, email: string): Buffer {
  return createHmac("sha256", macKey(secret)).update(`${deviceId}\n${email.trim().toLowerCase()}`).digest();
}

/** The cookie value for `email` on a device (a new device id unless one is given). */
export function issueDeviceCookie(secret: string, email: string, deviceId: string = randomBytes(16).toString("base64url")): string {
  return `${deviceId}.${mac(secret, deviceId, email).toString("base64url")}`;
}

/** The device id when `value` was issued for `email` with this secret; null for anything else. */
export function verifyDeviceCookie(secret: string, email: string, value: string | null | undefined): string | null {
  if (!value) return null;
  const [deviceId, signature, extra] = value.split(".");
  if (extra !== undefined || !deviceId || !signature || !deviceIdPattern.test(deviceId)) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac(secret, deviceId, email);
  return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : null;
}

/** Options for setting the cookie: httpOnly, SameSite=Lax, Secure in production. */
export function deviceCookieOptions(secure: boolean) {
  return { httpOnly: true, sameSite: "lax" as const, secure, path: "/", maxAge: DEVICE_COOKIE.maxAgeSeconds };
}

/** One cookie's value from a Cookie header (the Request Auth.js hands to `authorize`). */
export function readCookie(headers: Headers, name: string): string | null {
  for (const part of (headers.get("cookie") ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return null;
}
