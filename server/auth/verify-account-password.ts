import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import { verifyPassword } from "./password";
import { claimPasswordAttempt, clearPasswordFailures, reauthBackoffKey } from "./password-backoff";

export type AccountPasswordCheck =
  | { ok: true; user: { id: string; email: string; passwordHash: string } }
  | { ok: false; reason: "wrong_password" | "no_password" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Re-checks a signed-in user's password before a sensitive change. Its backoff is the user's own
 * (same free failures and doubling wait as sign-in, keyed by user id), so a stolen session guesses
 * no faster than the form, and nobody's failed sign-ins at the email can block the owner here.
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
  const key = reauthBackoffKey(user.id);
  const claim = await claimPasswordAttempt(db, key, now);
  if (!claim.allowed) return { ok: false, reason: "rate_limited", retryAfterSeconds: claim.retryAfterSeconds };
  // The claim already counted this attempt as a failure; only a right password clears it.
  if (!(await verifyPassword(user.passwordHash, password))) return { ok: false, reason: "wrong_password" };
  await clearPasswordFailures(db, key);
  return { ok: true, user: { id: user.id, email: user.email, passwordHash: user.passwordHash } };
}
