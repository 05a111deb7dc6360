import { Secret, TOTP } from "otpauth";

/** RFC 6238 with the parameters every authenticator app understands: SHA-1, 6 digits, 30 s. */
export const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a code typed as it rolls over, or a clock a few seconds off, still works. */
const WINDOW = 1;
const ISSUER = "Ledgerlink";

function totpFor(base32Secret: string, label = ""): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: "SHA1", digits: DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(base32Secret) });
}

/** A new 160-bit secret (RFC 4226's recommended length), base32 as authenticator apps show it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI a QR code carries. */
export function totpUri(base32Secret: string, email: string): string {
  return totpFor(base32Secret, email).toString();
}

/** The time step (`floor(unix seconds / 30)`) of `now`. */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for `now` (tests and the e2e spec compute codes with the same library). */
export function totpCode(base32Secret: string, now: Date = new Date()): string {
  return totpFor(base32Secret).generate({ timestamp: now.getTime() });
}

/** Six digits, spaces and dashes removed (apps show "123 456"); anything else is not a TOTP code. */
export function normaliseTotpCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step `code` belongs to, within one step of `now`, or null. The caller stores the step
 * and refuses any later code at or below it: a code is good once.
 */
export function matchTotpStep(base32Secret: string, code: string, now: Date): number | null {
  const token = normaliseTotpCode(code);
  if (!token) return null;
  const delta = totpFor(base32Secret).validate({ token, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : totpStep(now) + delta;
}
