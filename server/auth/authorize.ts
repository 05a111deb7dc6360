import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { signInSchema } from "./credentials";
import { timingDummyHash, verifyPassword } from "./password";
import { verifyDeviceCookie } from "./device-cookie";
import { admitSignIn, recordSignInOutcome } from "./sign-in-throttle";

export type AuthorizeResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  | { ok: false; reason: "invalid_credentials" }
  /** This origin's own limit (its backoff, its address) or, for `busy`, a ceiling shared by everyone. */
  | { ok: false; reason: "rate_limited" | "busy"; retryAfterSeconds: number };

export interface AuthorizeContext {
  /** The client's address from clientAddress(), or null when no trusted proxy vouches for one. */
  address: string | null;
  /** The raw device cookie the browser sent, if any, and the secret it is signed with. */
  device?: { cookie: string | null; secret: string };
  now?: Date;
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
  const deviceId = context.device ? verifyDeviceCookie(context.device.secret, email, context.device.cookie) : null;
  const attempt = { email, address: context.address, deviceId };

  const admitted = await admitSignIn(db, attempt, context.now ?? new Date());
  if (!admitted.allowed) return { ok: false, reason: admitted.reason, retryAfterSeconds: admitted.retryAfterSeconds };

  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      passwordHash: users.passwordHash,
      sessionVersion: users.sessionVersion,
      deletingAt: users.deletingAt,
    })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const valid = await verifyPassword(user?.passwordHash ?? (await timingDummyHash()), password);
  const ok = Boolean(user?.passwordHash) && valid;
  await recordSignInOutcome(db, admitted, ok);
  // An account being deleted signs nobody in, answered like any wrong password.
  if (!user || !ok || user.deletingAt) return { ok: false, reason: "invalid_credentials" };
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
