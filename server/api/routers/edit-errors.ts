import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { EditInputError, EditNotFoundError } from "@/server/edits/edit-errors";

/**
 * Runs an edit and maps its errors once: NOT_FOUND for a missing or another user's id (the same
 * answer either way), BAD_REQUEST with the field's message for input the server rejected after
 * zod (shaped as a ZodError, so forms read `data.zodError.fieldErrors` as for zod's own).
 */
export async function mapEditErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof EditNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: error.message });
    if (error instanceof EditInputError) {
      const { field, message } = error;
      // Made by a parse (as account.ts's fieldError): a ZodError built with `new` is not
      // `instanceof Error` in zod 4, and tRPC would wrap it past the formatter's recognition.
      const cause = z
        .unknown()
        .superRefine((_value, ctx) => ctx.addIssue({ code: "custom", path: [field], message }))
        .safeParse(undefined).error;
      throw new TRPCError({ code: "BAD_REQUEST", message, cause });
    }
    throw error;
  }
}
