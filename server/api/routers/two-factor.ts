import { TRPCError } from "@trpc/server";
import QRCode from "qrcode";
import { z } from "zod";
import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import { createTRPCRouter } from "@/server/api/trpc";
import { getTokenVault } from "@/server/crypto/get-token-vault";
import type { PlaidDeps } from "@/server/plaid/services";
import {
  confirmTotpEnrolment,
  disableTwoFactor,
  regenerateRecoveryCodes,
  startTotpEnrolment,
  twoFactorStatus,
  verifySecondFactor,
  type SecondFactorFailure,
} from "@/server/auth/two-factor";
import { verifyAccountPassword } from "@/server/auth/verify-account-password";
import { fieldError } from "./field-error";
import { userProcedure } from "./user-procedure";

/** The context's vault when a test passes one (with its Plaid deps), the app's otherwise. */
const vault = (ctx: { plaid?: PlaidDeps }) => ctx.plaid?.vault ?? getTokenVault();

const codeInput = z.string().trim().min(1, { error: "Enter the code from your authenticator app." }).max(40);
const passwordInput = z.string().min(1, { error: "Enter your password." }).max(128);
const recoveryCodesOutput = z.object({ recoveryCodes: z.array(z.string()) });

function codeFailure(failure: SecondFactorFailure): TRPCError {
  if (failure.reason === "rate_limited") {
    return new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many wrong codes. Try again in ${failure.retryAfterSeconds} s.` });
  }
  return fieldError("code", "That code is not right, or was already used.");
}

/** Password, then a current code (or recovery code): what turning it off or new codes need. */
async function requirePasswordAndCode(ctx: { db: Queryable; userId: string; plaid?: PlaidDeps }, input: { password: string; code: string }) {
  const now = new Date();
  const password = await verifyAccountPassword(ctx.db, ctx.userId, input.password, now);
  if (!password.ok) {
    if (password.reason === "rate_limited") {
      throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `Too many wrong passwords. Try again in ${password.retryAfterSeconds} s.` });
    }
    throw fieldError("password", "That password is not right.");
  }
  const code = await verifySecondFactor(ctx.db, vault(ctx), { userId: ctx.userId, code: input.code, now });
  if (!code.ok) throw codeFailure(code);
}

/** Two-factor sign-in (TOTP and recovery codes); the rules live in server/auth/two-factor.ts. */
export const twoFactorRouter = createTRPCRouter({
  status: userProcedure
    .output(z.object({ enabled: z.boolean(), recoveryCodesLeft: z.number().int() }))
    .query(({ ctx }) => twoFactorStatus(ctx.db, ctx.userId)),

  /** A new secret: the QR code (an SVG data URL drawn here, no third party sees the secret) and the key. */
  startEnrolment: userProcedure
    .output(z.object({ qrCodeDataUrl: z.string(), manualKey: z.string() }))
    .mutation(async ({ ctx }) => {
      const [user] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId)).limit(1);
      if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
      const started = await startTotpEnrolment(ctx.db, vault(ctx), { id: ctx.userId, email: user.email });
      if (!started.ok) throw new TRPCError({ code: "CONFLICT", message: "Two-factor sign-in is already on." });
      const svg = await QRCode.toString(started.uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
      return {
        qrCodeDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
        // Groups of four, as authenticator apps accept them with or without spaces.
        manualKey: started.secret.replace(/(.{4})(?=.)/g, "$1 "),
      };
    }),

  /** One valid code turns it on; the answer's recovery codes are shown once and never again. */
  confirmEnrolment: userProcedure
    .input(z.object({ code: codeInput }))
    .output(recoveryCodesOutput)
    .mutation(async ({ ctx, input }) => {
      const result = await confirmTotpEnrolment(ctx.db, vault(ctx), { userId: ctx.userId, code: input.code, keepSessionId: ctx.session.sessionId ?? null });
      if (result.ok) return { recoveryCodes: result.recoveryCodes };
      if (result.reason === "no_enrolment") throw new TRPCError({ code: "BAD_REQUEST", message: "Start setting up two-factor sign-in first." });
      throw codeFailure(result);
    }),

  disable: userProcedure
    .input(z.object({ password: passwordInput, code: codeInput }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requirePasswordAndCode(ctx, input);
      await disableTwoFactor(ctx.db, { userId: ctx.userId, keepSessionId: ctx.session.sessionId ?? null });
      return { ok: true as const };
    }),

  regenerateRecoveryCodes: userProcedure
    .input(z.object({ password: passwordInput, code: codeInput }))
    .output(recoveryCodesOutput)
    .mutation(async ({ ctx, input }) => {
      await requirePasswordAndCode(ctx, input);
      return { recoveryCodes: await regenerateRecoveryCodes(ctx.db, ctx.userId) };
    }),
});
