import type { TRPCClientErrorLike } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

/** The message the server attached to one form field, if any (`error.data.zodError.fieldErrors`). */
export function fieldError(error: TRPCClientErrorLike<AppRouter> | null, field: string): string | undefined {
  // The error shape is shared by every procedure, so its field names are not typed per form.
  const fields: Record<string, string[] | undefined> = error?.data?.zodError?.fieldErrors ?? {};
  return fields[field]?.[0];
}
