import type { Queryable } from "@/db/client";
import type { TokenVault } from "@/server/crypto/token-vault";
import { authorizeCredentials, type AuthorizeResult } from "./authorize";
import { authorizeSecondFactor } from "./authorize-second-factor";
import { issuePendingSecondFactor } from "./second-factor-pending";
import { isTwoFactorEnabled } from "./two-factor";
import { createUserSession } from "./user-sessions";

export interface SignInRequest {
  address: string | null;
  userAgent: string | null;
  /** The raw device and pending-sign-in cookies the browser sent. */
  deviceCookie: string | null;
  pendingCookie: string | null;
  /** AUTH_SECRET: signs both cookies. */
  secret: string;
  now?: Date;
}

export type SignInResult =
  | { ok: true; user: { id: string; email: string; name: string | null; sessionVersion: number; sessionId: string } }
  | Exclude<AuthorizeResult, { ok: true }>
  /** Password right, two-factor on: the browser keeps `pendingToken` (5 min) for the code step. */
  | { ok: false; reason: "second_factor_required"; pendingToken: string }
  | { ok: false; reason: "second_factor_expired" }
  | { ok: false; reason: "invalid_code" };

/**
 * Sign-in in two steps. With `code` in the input it is the code step (the pending cookie names the
 * user); otherwise email + password, which signs in directly only when two-factor is off. Every
 * completed sign-in gets a user_sessions row whose id goes into the JWT.
 */
export async function authorizeSignIn(db: Queryable, vault: TokenVault, input: unknown, request: SignInRequest): Promise<SignInResult> {
  const code = typeof input === "object" && input !== null && "code" in input && typeof input.code === "string" ? input.code : "";
  const withSession = async <U extends { id: string; sessionVersion: number }>(user: U) => ({
    ...user,
    sessionId: await createUserSession(db, { userId: user.id, sessionVersion: user.sessionVersion, userAgent: request.userAgent, address: request.address, now: request.now }),
  });
  if (code) {
    const step = await authorizeSecondFactor(db, vault, { pendingCookie: request.pendingCookie, code, secret: request.secret, now: request.now });
    if (step.ok) return { ok: true, user: await withSession(step.user) };
    return step.reason === "expired" ? { ok: false, reason: "second_factor_expired" } : step;
  }
  const result = await authorizeCredentials(db, input, { address: request.address, device: { cookie: request.deviceCookie, secret: request.secret }, now: request.now });
  if (!result.ok) return result;
  if (!(await isTwoFactorEnabled(db, result.user.id))) return { ok: true, user: await withSession(result.user) };
  const { id: userId, sessionVersion, email } = result.user;
  return { ok: false, reason: "second_factor_required", pendingToken: issuePendingSecondFactor(request.secret, { userId, sessionVersion, email }, request.now) };
}
