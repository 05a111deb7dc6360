import type { Database } from "@/db/client";
import { INTERNAL_ERROR_MESSAGE } from "@/server/api/trpc";
import { logError } from "@/server/observability/error-log-fields";
import { signUp, type SignUpContext, type SignUpResult } from "./sign-up";

type Log = Parameters<typeof logError>[0];

/**
 * The sign-up form's call. An unexpected failure (the database refusing the insert) becomes the
 * form's plain sentence and one log line by class and SQLSTATE: rethrown, it would reach Next's
 * server-action logging with Drizzle's "Failed query … params: <email>,<argon2 hash>".
 */
export async function signUpSafely(db: Database, input: unknown, context: SignUpContext, log: Log): Promise<SignUpResult> {
  try {
    return await signUp(db, input, context);
  } catch (error) {
    logError(log, "error", "sign-up failed")(error);
    return { ok: false, field: "form", message: INTERNAL_ERROR_MESSAGE };
  }
}
