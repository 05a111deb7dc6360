import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { changePassword } from "@/server/auth/change-password";
import { newPasswordSchema } from "@/server/auth/credentials";
import { deleteAccount } from "@/server/auth/delete-account";
import type { AccountPasswordCheck } from "@/server/auth/verify-account-password";
import { limitPerUser } from "./per-user-limit";
import { plaidProcedure } from "./plaid-procedure";
import { userProcedure } from "./user-procedure";

const passwordInput = z.string().min(1, { error: "Enter your password." }).max(128);

/** A BAD_REQUEST whose message also lands on one form field (`error.data.zodError.fieldErrors`). */
function fieldError(field: string, message: string): TRPCError {
  // Made by a parse, like an input error: a ZodError built with `new` is not `instanceof Error`
  // in zod 4, and tRPC would wrap it into a cause the error formatter no longer recognises.
  const cause = z
    .unknown()
    .superRefine((_value, ctx) => ctx.addIssue({ code: "custom", path: [field], message }))
    .safeParse(undefined).error;
  return new TRPCError({ code: "BAD_REQUEST", message, cause });
}

function passwordCheckError(failure: Exclude<AccountPasswordCheck, { ok: true }>, field: string, wrong: string): TRPCError {
  switch (failure.reason) {
    case "wrong_password":
      return fieldError(field, wrong);
    case "rate_limited":
      return new TRPCError({
        code: "TOO_MANY_REQUESTS",
        message: `Too many wrong passwords. Try again in ${failure.retryAfterSeconds} s.`,
      });
    case "no_password":
      return new TRPCError({ code: "BAD_REQUEST", message: "Your account has no password to check." });
  }
}

export const accountRouter = createTRPCRouter({
  /**
   * Ends every session minted before the change, this one included: the settings page then calls
   * the `renewSessionAction` server action with the new password to stay signed in.
   */
  changePassword: userProcedure
    .input(z.object({ currentPassword: passwordInput, newPassword: newPasswordSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const result = await changePassword(ctx.db, { userId: ctx.userId, ...input });
      if (result.ok) return { ok: true as const };
      if (result.reason === "same_password") {
        throw fieldError("newPassword", "Choose a password different from your current one.");
      }
      throw passwordCheckError(result, "currentPassword", "Your current password is not right.");
    }),

  /** Removes every connection at Plaid and deletes all of the user's data; the client then signs out. */
  delete: plaidProcedure
    .input(z.object({ password: passwordInput }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await limitPerUser(ctx.db, ctx.userId, "account-delete", (seconds) => `Too many attempts to delete the account. Try again in ${seconds} seconds.`);
      const result = await deleteAccount(ctx.plaid, ctx.db, { userId: ctx.userId, password: input.password });
      if (result.ok) return { ok: true as const };
      throw passwordCheckError(result, "password", "That password is not right.");
    }),
});
