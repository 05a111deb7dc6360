import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "./password";
import { claimPasswordAttempt, clearPasswordFailures, passwordBackoffKey, recordPasswordFailure } from "./password-backoff";

export type AccountPasswordCheck =
  | { ok: true; user: { id: string; email: string; passwordHash: string } }
  | { ok: false; reason: "wrong_password" | "no_password" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Re-checks a signed-in user's password before a sensitive change. Shares the sign-in backoff for
 * the user's email, so a stolen session gives no faster way to guess the password than the form.
 */
export async function verifyAccountPassword(
  db: Queryable,
  userId: string,
  password: string,
  now: Date,
): Promise<AccountPasswordCheck> {
  const [user] = await db
    .select({ id: users.id, email: users.email, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user?.passwordHash) return { ok: false, reason: "no_password" };
  const key = passwordBackoffKey(user.email);
  const claim = await claimPasswordAttempt(db, key, now);
  if (!claim.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: claim.retryAfterSeconds };
  if (!(await verifyPassword(user.passwordHash, password))) {
    await recordPasswordFailure(db, key);
    return { ok: false, reason: "wrong_password" };
  }
  await clearPasswordFailures(db, key);
  return { ok: true, user: { id: user.id, email: user.email, passwordHash: user.passwordHash } };
}
