import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema";
import { hashPassword, verifyPassword } from "./password";
import { forgetSessionVersion } from "./session-version";
import { verifyAccountPassword, type AccountPasswordCheck } from "./verify-account-password";

export type ChangePasswordResult =
  | { ok: true; sessionVersion: number }
  | Exclude<AccountPasswordCheck, { ok: true }>
  | { ok: false; reason: "same_password" };

/**
 * Replaces a user's password (the caller validated `newPassword` with newPasswordSchema) and bumps
 * `session_version`, which ends every session minted before the change, this one included: the
 * settings page signs in again with the new password to stay signed in.
 */
export async function changePassword(
  db: Database,
  input: { userId: string; currentPassword: string; newPassword: string },
  now: Date = new Date(),
): Promise<ChangePasswordResult> {
  const check = await verifyAccountPassword(db, input.userId, input.currentPassword, now);
  if (!check.ok) return check;
  if (await verifyPassword(check.user.passwordHash, input.newPassword)) return { ok: false, reason: "same_password" };

  const passwordHash = await hashPassword(input.newPassword);
  // Guarded by the hash just verified: of two concurrent changes, the second finds no row.
  const [row] = await db
    .update(users)
    .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(and(eq(users.id, input.userId), eq(users.passwordHash, check.user.passwordHash)))
    .returning({ sessionVersion: users.sessionVersion });
  forgetSessionVersion(input.userId);
  if (!row) return { ok: false, reason: "wrong_password" };
  return { ok: true, sessionVersion: row.sessionVersion };
}
