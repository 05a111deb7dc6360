import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authAccounts, authSessions, authVerificationTokens, users } from "@/db/schema";
import { getDatabase } from "@/server/db";
import { clientAddress } from "@/server/client-address";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { countSignInFailure } from "@/server/observability/record-metrics";
import { DEVICE_COOKIE, readCookie } from "./device-cookie";
import { checkSessionToken } from "./session-version";
import { authorizeSignIn } from "./authorize-sign-in";
import { PENDING_COOKIE } from "./second-factor-pending";
import { checkSessionRow } from "./user-sessions";
import { getTokenVault } from "@/server/crypto/get-token-vault";

declare module "next-auth" {
  interface Session extends DefaultSession {
    user: { id: string; email: string } & DefaultSession["user"];
    /** The user_sessions row of this sign-in (Settings marks it "this device"). */
    sessionId?: string;
  }
  interface User {
    sessionVersion?: number;
    sessionId?: string;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** users.session_version at sign-in; see ./session-version.ts. */
    sessionVersion?: number;
    /** The user_sessions row; see ./user-sessions.ts. */
    sid?: string;
  }
}

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
/** The password was right and the account has two-factor sign-in on: the form asks for a code. */
export class SecondFactorRequired extends CredentialsSignin {
  override code = "second_factor_required";
  constructor(readonly pendingToken: string) {
    super();
  }
}
export class InvalidSecondFactor extends CredentialsSignin {
  override code = "invalid_code";
}
/** The pending sign-in cookie is missing, expired or void: start again with the password. */
export class SecondFactorExpired extends CredentialsSignin {
  override code = "second_factor_expired";
}
export class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
  /** `busy`: the ceiling shared by every client, not this client's own limit. */
  constructor(
    readonly retryAfterSeconds: number,
    readonly busy = false,
  ) {
    super();
  }
}

/** The device cookie (./device-cookie.ts) is Secure, and so `__Host-`, in production. */
export const secureDeviceCookie = (): boolean => getEnv().NODE_ENV === "production";

// Configured lazily (per request) so `next build` never needs secrets or a database.
export const { auth, handlers, signIn, signOut } = NextAuth(async () => {
  const env = getEnv();
  const { db } = await getDatabase();
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    adapter: DrizzleAdapter(db, {
      usersTable: users,
      accountsTable: authAccounts,
      sessionsTable: authSessions,
      verificationTokensTable: authVerificationTokens,
    }),
    // JWT sessions: Auth.js persists no database session for Credentials sign-ins, and a signed
    // cookie needs no query per request. The adapter still owns users for future OAuth providers.
    session: { strategy: "jwt", maxAge: 7 * 24 * 60 * 60 },
    pages: { signIn: "/sign-in" },
    logger: {
      error: (error) => logger.warn({ kind: error.name }, "auth error"),
      warn: (code) => logger.warn({ code }, "auth warning"),
      debug: () => {},
    },
    providers: [
      Credentials({
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        authorize: async (credentials, request) => {
          const result = await authorizeSignIn(db, getTokenVault(), credentials, {
            address: clientAddress(request.headers, env.TRUSTED_PROXY_HOPS),
            userAgent: request.headers.get("user-agent"),
            deviceCookie: readCookie(request.headers, DEVICE_COOKIE.name(secureDeviceCookie())),
            pendingCookie: readCookie(request.headers, PENDING_COOKIE.name(secureDeviceCookie())),
            secret: env.AUTH_SECRET,
          });
          if (result.ok) return result.user;
          switch (result.reason) {
            case "second_factor_required":
              throw new SecondFactorRequired(result.pendingToken);
            case "second_factor_expired":
              throw new SecondFactorExpired();
            case "invalid_code":
              countSignInFailure("invalid_credentials");
              throw new InvalidSecondFactor();
            case "invalid_credentials":
              countSignInFailure("invalid_credentials");
              throw new InvalidCredentials();
            default:
              countSignInFailure("rate_limited");
              throw new TooManyAttempts(result.retryAfterSeconds, result.reason === "busy");
          }
        },
      }),
    ],
    callbacks: {
      // Ends the session once the user's session_version moved on (password change, deletion).
      // Then the session's own row (./user-sessions.ts): signed out from Settings, it ends too.
      jwt: async ({ token, user }) => checkSessionRow(db, await checkSessionToken(db, { token, user }), user),
      session: ({ session, token }) => ({
        ...session,
        sessionId: token.sid,
        user: { ...session.user, id: token.sub ?? "", email: token.email ?? session.user.email },
      }),
    },
  };
});
