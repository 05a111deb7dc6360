import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { signInSchema } from "./credentials";
import { timingDummyHash, verifyPassword } from "./password";
import { admitSignIn, realClock, recordSignInOutcome, type ThrottleClock } from "./sign-in-throttle";

export type AuthorizeResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

export interface AuthorizeContext {
  /** The client's address from clientAddress(), or null when no trusted proxy vouches for one. */
  address: string | null;
  clock?: ThrottleClock;
}

/**
 * Checks an email + password. Wrong password and unknown email answer the same way, on purpose:
 * the sign-in form must not tell an attacker which emails have accounts. The throttle keys on the
 * email whether or not it has an account, so a refusal reveals nothing either.
 */
export async function authorizeCredentials(db: Database, input: unknown, context: AuthorizeContext): Promise<AuthorizeResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;
  const clock = context.clock ?? realClock;
  const attempt = { email, address: context.address };

  const admitted = await admitSignIn(db, attempt, clock);
  if (!admitted.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: admitted.retryAfterSeconds };

  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  const ok = Boolean(user?.passwordHash) && valid;
  await recordSignInOutcome(db, attempt, ok, clock.now());
  if (!user || !ok) return { ok: false, reason: "invalid_credentials" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
