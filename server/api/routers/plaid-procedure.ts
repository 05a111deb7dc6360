import { TRPCError } from "@trpc/server";
import { TokenVaultError } from "@/server/crypto/token-vault-error";
import { ACCESS_TOKEN_UNREADABLE_MESSAGE } from "@/server/plaid/decrypt-item-token";
import { PlaidRequestError, type PlaidFailureKind } from "@/server/plaid/errors";
import { getPlaidDeps, plaidLogger } from "@/server/plaid/services";
import { userProcedure } from "./user-procedure";

type TrpcCode = TRPCError["code"];

const CODE_BY_KIND: Record<PlaidFailureKind, TrpcCode> = {
  login_required: "PRECONDITION_FAILED",
  item_not_found: "PRECONDITION_FAILED",
  access_revoked: "PRECONDITION_FAILED",
  access_not_granted: "PRECONDITION_FAILED",
  product_not_ready: "PRECONDITION_FAILED",
  rate_limited: "TOO_MANY_REQUESTS",
  institution_unavailable: "SERVICE_UNAVAILABLE",
  institution_refused: "UNPROCESSABLE_CONTENT",
  plaid_unavailable: "SERVICE_UNAVAILABLE",
  link_expired: "BAD_REQUEST",
  not_supported: "UNPROCESSABLE_CONTENT",
  consent_required: "PRECONDITION_FAILED",
  invalid_request: "BAD_GATEWAY",
  unknown: "BAD_GATEWAY",
};

/** One message for "not yours" and "does not exist", so ids cannot be probed. */
export function connectionNotFound(): TRPCError {
  return new TRPCError({ code: "NOT_FOUND", message: "Connection not found." });
}

/** A deletion started while this request was in flight: nothing new may be connected. */
export function accountDeleting(): TRPCError {
  return new TRPCError({ code: "UNAUTHORIZED", message: "This account is being deleted." });
}

/**
 * Procedures that reach Plaid: signed in, with `ctx.userId` and `ctx.plaid`, and with Plaid and
 * vault failures turned into tRPC errors whose message the UI can show as is (no token, no
 * request config, no stack from the Plaid client).
 */
export const plaidProcedure = userProcedure.use(async ({ ctx, next, path }) => {
  const plaid = ctx.plaid ?? getPlaidDeps();
  const result = await next({ ctx: { plaid } });
  if (result.ok) return result;
  const cause = result.error.cause;
  const log = plaidLogger(plaid);
  if (cause instanceof PlaidRequestError) {
    const { failure } = cause;
    log.warn(
      { path, endpoint: cause.endpoint, kind: failure.kind, code: failure.code, status: failure.httpStatus, requestId: failure.requestId },
      "Plaid call failed",
    );
    throw new TRPCError({ code: CODE_BY_KIND[failure.kind], message: failure.message });
  }
  if (cause instanceof TokenVaultError) {
    // A key was dropped from TOKEN_ENCRYPTION_KEYS too early, or the row was tampered with. Not a
    // 500: the formatter hides every 500's message, and this one tells the user what to do.
    log.error({ path, reason: cause.reason }, "stored access token could not be decrypted");
    throw new TRPCError({ code: "PRECONDITION_FAILED", message: ACCESS_TOKEN_UNREADABLE_MESSAGE });
  }
  // Anything else unexpected is a 500: the error formatter (../trpc.ts) shows the user a plain
  // line and the endpoint logs it by name and code.
  return result;
});
