import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authAccounts, authSessions, authVerificationTokens, users } from "@/db/schema";
import { getDatabase } from "@/server/db";
import { clientAddress } from "@/server/client-address";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { countSignInFailure } from "@/server/observability/record-metrics";
import { authorizeCredentials } from "./authorize";
import { DEVICE_COOKIE, readCookie } from "./device-cookie";
import { checkSessionToken } from "./session-version";

declare module "next-auth" {
  interface Session extends DefaultSession {
    user: { id: string; email: string } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "@auth/core/jwt" {
  interface JWT {
    /** users.session_version at sign-in; see ./session-version.ts. */
    sessionVersion?: number;
  }
}

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
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
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: async (credentials, request) => {
          const address = clientAddress(request.headers, env.TRUSTED_PROXY_HOPS);
          const cookie = readCookie(request.headers, DEVICE_COOKIE.name(secureDeviceCookie()));
          const result = await authorizeCredentials(db, credentials, { address, device: { cookie, secret: env.AUTH_SECRET } });
          if (result.ok) return result.user;
          countSignInFailure(result.reason === "busy" ? "rate_limited" : result.reason);
          if (result.reason === "invalid_credentials") throw new InvalidCredentials();
          throw new TooManyAttempts(result.retryAfterSeconds, result.reason === "busy");
        },
      }),
    ],
    callbacks: {
      // Ends the session once the user's session_version moved on (password change, deletion).
      jwt: ({ token, user }) => checkSessionToken(db, { token, user }),
      session: ({ session, token }) => ({
        ...session,
        user: { ...session.user, id: token.sub ?? "", email: token.email ?? session.user.email },
      }),
    },
  };
});
