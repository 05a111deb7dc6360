import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth, { CredentialsSignin, type DefaultSession } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authAccounts, authSessions, authVerificationTokens, users } from "@/db/schema";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { authorizeCredentials } from "./authorize";

declare module "next-auth" {
  interface Session extends DefaultSession {
    user: { id: string; email: string } & DefaultSession["user"];
  }
}

class InvalidCredentials extends CredentialsSignin {
  override code = "invalid_credentials";
}
class TooManyAttempts extends CredentialsSignin {
  override code = "rate_limited";
}

function clientIp(request: Request): string {
  // The first hop of X-Forwarded-For is the client when a proxy we run sets it; otherwise the
  // limit falls back to a shared bucket, which only makes it stricter.
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || request.headers.get("x-real-ip") || "unknown";
}

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
          const result = await authorizeCredentials(db, credentials, clientIp(request));
          if (result.ok) return result.user;
          throw result.reason === "rate_limited" ? new TooManyAttempts() : new InvalidCredentials();
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => ({
        ...session,
        user: { ...session.user, id: token.sub ?? "", email: token.email ?? session.user.email },
      }),
    },
  };
});
