import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { hitRateLimit, type RateLimitRule } from "@/server/rate-limit";
import { signInSchema } from "./credentials";
import { timingDummyHash, verifyPassword } from "./password";

export const SIGN_IN_LIMITS = {
  perEmail: { limit: 10, windowMs: 15 * 60_000 },
  perIp: { limit: 50, windowMs: 15 * 60_000 },
} satisfies Record<string, RateLimitRule>;

export type AuthorizeResult =
  | { ok: true; user: { id: string; email: string; name: string | null } }
  | { ok: false; reason: "invalid_credentials" | "rate_limited" };

/**
 * Checks an email + password. Wrong password and unknown email answer the same way, on purpose:
 * the sign-in form must not tell an attacker which emails have accounts.
 */
export async function authorizeCredentials(db: Database, input: unknown, ip: string): Promise<AuthorizeResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;

  const [byEmail, byIp] = await Promise.all([
    hitRateLimit(db, `sign-in:email:${email}`, SIGN_IN_LIMITS.perEmail),
    hitRateLimit(db, `sign-in:ip:${ip}`, SIGN_IN_LIMITS.perIp),
  ]);
  if (!byEmail.allowed || !byIp.allowed) return { ok: false, reason: "rate_limited" };

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  if (!user?.passwordHash || !valid) return { ok: false, reason: "invalid_credentials" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name } };
}
