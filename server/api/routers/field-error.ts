import { TRPCError } from "@trpc/server";
import { z } from "zod";

/**
 * A BAD_REQUEST whose message also lands on one form field (`error.data.zodError.fieldErrors`).
 * Made by a parse, as in account.ts: a ZodError built with `new` is not `instanceof Error` in
 * zod 4, and tRPC would wrap it past the error formatter's recognition.
 */
export function fieldError(field: string, message: string): TRPCError {
  const cause = z
    .unknown()
    .superRefine((_value, ctx) => ctx.addIssue({ code: "custom", path: [field], message }))
    .safeParse(undefined).error;
  return new TRPCError({ code: "BAD_REQUEST", message, cause });
}
