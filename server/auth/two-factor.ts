import { and, eq, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { userRecoveryCodes, userTotp } from "@/db/schema";
import type { TokenVault } from "@/server/crypto/token-vault";
import { admitInWindow, releaseAdmission, type RateLimitRule } from "@/server/rate-limit";
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from "./recovery-codes";
import { matchTotpStep, newTotpSecret, normaliseTotpCode, totpUri } from "./totp";
import { revokeOtherSessions } from "./user-sessions";

/**
 * Second-factor guesses per user, like password guesses: only failures count (a right code gives
 * its admission back). 10 in 15 minutes against ~3 valid codes in a million at any moment means
 * years of guessing on average, while a person mistyping a few times is never stopped.
 */
export const SECOND_FACTOR_LIMIT: RateLimitRule = { limit: 10, windowMs: 15 * 60_000 };

/** Keyed `<name>:<userId>` like the per-user limits, so account deletion finds the row. */
export const secondFactorLimitKey = (userId: string) => `second-factor:${userId}`;

/** The vault's AAD for a user's TOTP secret: a ciphertext moved to another user fails to open. */
export const totpSecretAad = (userId: string) => `totp:${userId}`;

export type SecondFactorFailure = { ok: false; reason: "invalid_code" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };
export type SecondFactorCheck = { ok: true; method: "totp" | "recovery_code" } | SecondFactorFailure;

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Queryable, userId: string): Promise<TwoFactorStatus> {
  const [row] = await db
    .select({
      enabledAt: userTotp.enabledAt,
      left: sql<number>`(select count(*)::int from ${userRecoveryCodes} where ${userRecoveryCodes.userId} = ${userId} and ${userRecoveryCodes.usedAt} is null)`,
    })
    .from(userTotp)
    .where(eq(userTotp.userId, userId))
    .limit(1);
  return { enabled: Boolean(row?.enabledAt), recoveryCodesLeft: row?.enabledAt ? Number(row.left) : 0 };
}

export async function isTwoFactorEnabled(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: userTotp.userId })
    .from(userTotp)
    .where(and(eq(userTotp.userId, userId), isNotNull(userTotp.enabledAt)))
    .limit(1);
  return Boolean(row);
}

/**
 * Starts (or restarts) an enrolment: a fresh secret, sealed at rest, not yet in force. The caller
 * shows the QR code and the manual key once; nothing reads the secret back out afterwards.
 */
export async function startTotpEnrolment(
  db: Queryable,
  vault: TokenVault,
  user: { id: string; email: string },
): Promise<{ ok: true; secret: string; uri: string } | { ok: false; reason: "already_enabled" }> {
  if (await isTwoFactorEnabled(db, user.id)) return { ok: false, reason: "already_enabled" };
  const secret = newTotpSecret();
  const secretCiphertext = vault.encrypt(secret, totpSecretAad(user.id)).ciphertext;
  // Only replaces an enrolment still in progress: an enabled authenticator is never overwritten here.
  await db
    .insert(userTotp)
    .values({ userId: user.id, secretCiphertext })
    .onConflictDoUpdate({ target: userTotp.userId, set: { secretCiphertext, lastUsedStep: null, createdAt: new Date() }, setWhere: isNull(userTotp.enabledAt) });
  return { ok: true, secret, uri: totpUri(secret, user.email) };
}

async function admit(db: Queryable, userId: string, now: Date): Promise<SecondFactorFailure | null> {
  const admitted = await admitInWindow(db, secondFactorLimitKey(userId), SECOND_FACTOR_LIMIT, now);
  return admitted.allowed ? null : { ok: false, reason: "rate_limited", retryAfterSeconds: admitted.retryAfterSeconds };
}

/** Records `step` as used unless it (or a later one) already was: true only for the first use. */
async function claimStep(db: Queryable, userId: string, step: number): Promise<boolean> {
  const claimed = await db
    .update(userTotp)
    .set({ lastUsedStep: step })
    .where(and(eq(userTotp.userId, userId), or(isNull(userTotp.lastUsedStep), lt(userTotp.lastUsedStep, step))))
    .returning({ userId: userTotp.userId });
  return claimed.length > 0;
}

async function replaceRecoveryCodes(db: Queryable, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  await db.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, userId));
  await db.insert(userRecoveryCodes).values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(normaliseRecoveryCode(code) ?? code) })));
  return codes;
}

/**
 * Turns two-factor sign-in on after one valid code from the new authenticator, hands back ten
 * recovery codes (shown once) and ends the user's other sessions.
 */
export async function confirmTotpEnrolment(
  db: Database,
  vault: TokenVault,
  params: { userId: string; code: string; keepSessionId: string | null; now?: Date },
): Promise<{ ok: true; recoveryCodes: string[] } | SecondFactorFailure | { ok: false; reason: "no_enrolment" }> {
  const now = params.now ?? new Date();
  const [row] = await db
    .select({ secretCiphertext: userTotp.secretCiphertext })
    .from(userTotp)
    .where(and(eq(userTotp.userId, params.userId), isNull(userTotp.enabledAt)))
    .limit(1);
  if (!row) return { ok: false, reason: "no_enrolment" };
  const refused = await admit(db, params.userId, now);
  if (refused) return refused;
  const step = matchTotpStep(vault.decrypt(row.secretCiphertext, totpSecretAad(params.userId)), params.code, now);
  if (step === null) return { ok: false, reason: "invalid_code" };
  const recoveryCodes = await db.transaction(async (tx) => {
    await tx.update(userTotp).set({ enabledAt: now, lastUsedStep: step }).where(eq(userTotp.userId, params.userId));
    await revokeOtherSessions(tx, params.userId, params.keepSessionId, now);
    return replaceRecoveryCodes(tx, params.userId);
  });
  await releaseAdmission(db, secondFactorLimitKey(params.userId));
  return { ok: true, recoveryCodes };
}

/**
 * Checks a second factor for a user with two-factor sign-in on: a TOTP code not used before, or
 * an unused recovery code, which is spent. Every attempt is counted per user before any check.
 */
export async function verifySecondFactor(
  db: Queryable,
  vault: TokenVault,
  params: { userId: string; code: string; now?: Date },
): Promise<SecondFactorCheck> {
  const now = params.now ?? new Date();
  const { userId } = params;
  const refused = await admit(db, userId, now);
  if (refused) return refused;
  const [row] = await db
    .select({ secretCiphertext: userTotp.secretCiphertext })
    .from(userTotp)
    .where(and(eq(userTotp.userId, userId), isNotNull(userTotp.enabledAt)))
    .limit(1);
  if (!row) return { ok: false, reason: "invalid_code" };
  let method: "totp" | "recovery_code" | null = null;
  if (normaliseTotpCode(params.code)) {
    const step = matchTotpStep(vault.decrypt(row.secretCiphertext, totpSecretAad(userId)), params.code, now);
    if (step !== null && (await claimStep(db, userId, step))) method = "totp";
  } else {
    const recovery = normaliseRecoveryCode(params.code);
    if (recovery) {
      const spent = await db
        .update(userRecoveryCodes)
        .set({ usedAt: now })
        .where(and(eq(userRecoveryCodes.userId, userId), eq(userRecoveryCodes.codeHash, hashRecoveryCode(recovery)), isNull(userRecoveryCodes.usedAt)))
        .returning({ id: userRecoveryCodes.id });
      if (spent.length > 0) method = "recovery_code";
    }
  }
  if (!method) return { ok: false, reason: "invalid_code" };
  await releaseAdmission(db, secondFactorLimitKey(userId));
  return { ok: true, method };
}

/** Turns two-factor sign-in off (the caller has checked the password and a current code). */
export async function disableTwoFactor(db: Database, params: { userId: string; keepSessionId: string | null; now?: Date }): Promise<void> {
  const now = params.now ?? new Date();
  await db.transaction(async (tx) => {
    await tx.delete(userRecoveryCodes).where(eq(userRecoveryCodes.userId, params.userId));
    await tx.delete(userTotp).where(eq(userTotp.userId, params.userId));
    await revokeOtherSessions(tx, params.userId, params.keepSessionId, now);
  });
}

/** A new set of ten recovery codes; the old set stops working (the caller checked password + code). */
export async function regenerateRecoveryCodes(db: Database, userId: string): Promise<string[]> {
  return db.transaction((tx) => replaceRecoveryCodes(tx, userId));
}
