import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Does `Authorization: Bearer <token>` carry exactly `expected`? Both sides are hashed first so
 * the comparison is constant-time whatever the lengths, and a wrong guess learns nothing from
 * how long the answer took.
 */
export function bearerTokenMatches(authorization: string | null, expected: string): boolean {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
  const offered = match?.[1] ?? "";
  // Compared even when the header is missing, so both paths cost the same.
  const equal = timingSafeEqual(digest(offered), digest(expected));
  return equal && match !== null;
}
