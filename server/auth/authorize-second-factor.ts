import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import type { TokenVault } from "@/server/crypto/token-vault";
import { readPendingSecondFactor } from "./second-factor-pending";
import { verifySecondFactor } from "./two-factor";

export type AuthorizeSecondFactorResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number } }
  /** No (valid, current) pending sign-in: the password step must be done again. */
  | { ok: false; reason: "expired" }
  | { ok: false; reason: "invalid_code" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * The code step of sign-in: the pending cookie from the password step plus a TOTP or recovery
 * code. The pending sign-in must still match the user's session version (a password change since
 * voids it) and the user must not be mid-deletion.
 */
export async function authorizeSecondFactor(
  db: Queryable,
  vault: TokenVault,
  params: { pendingCookie: string | null; code: string; secret: string; now?: Date },
): Promise<AuthorizeSecondFactorResult> {
  const now = params.now ?? new Date();
  const pending = readPendingSecondFactor(params.secret, params.pendingCookie, now);
  if (!pending) return { ok: false, reason: "expired" };
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, sessionVersion: users.sessionVersion, deletingAt: users.deletingAt })
    .from(users)
    .where(eq(users.id, pending.userId))
    .limit(1);
  if (!user || user.deletingAt || user.sessionVersion !== pending.sessionVersion) return { ok: false, reason: "expired" };
  const check = await verifySecondFactor(db, vault, { userId: user.id, code: params.code, now });
  if (!check.ok) return check;
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}
