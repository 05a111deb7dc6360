import { createHash, randomBytes } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"; // no 0/o, 1/l/i: read off paper and typed back.

/**
 * Ten codes of 16 characters from a 31-letter alphabet (~79 bits each). Stored as SHA-256, not
 * argon2: a slow hash protects guessable secrets like passwords; against 2^79 random codes a fast
 * hash already makes an offline search hopeless, and it lets sign-in find the code with one
 * indexed lookup instead of ten argon2 verifications per attempt.
 */
export function generateRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const bytes = randomBytes(16);
    const letters = Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join("");
    return [0, 4, 8, 12].map((start) => letters.slice(start, start + 4)).join("-");
  });
}

/** Lower case without spaces or dashes, so "ABCD EFGH…" and "abcd-efgh-…" are the same code. */
export function normaliseRecoveryCode(input: string): string | null {
  const text = input.toLowerCase().replace(/[\s-]/g, "");
  return text.length === 16 && [...text].every((letter) => ALPHABET.includes(letter)) ? text : null;
}

export function hashRecoveryCode(normalised: string): string {
  return createHash("sha256").update(`ledgerlink recovery code v1\n${normalised}`).digest("hex");
}
