/**
 * tRPC wiring, create-t3-app style: the context, the two procedure kinds, and the error shape.
 * Routers live in ./routers and stay thin: parse, scope by user, call one domain function.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import type { Session } from "next-auth";
import superjson from "superjson";
import { ZodError, z } from "zod";
import type { Database } from "@/db/client";
import type { PlaidDeps } from "@/server/plaid/services";

export interface TrpcContext {
  db: Database;
  session: Session | null;
  headers: Headers;
  /** Plaid client, vault and config; tests pass the emulator's. Absent: built from env on first use. */
  plaid?: PlaidDeps;
}

// The real request's context is built in ./context.ts, so tests can create callers with their
// own database and session without loading Auth.js.

/** What the browser sees for any unexpected failure, whatever the procedure. */
export const INTERNAL_ERROR_MESSAGE = "Something went wrong on our side. Please try again.";

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    // A 500 is a bug or an outage, and its own text can quote SQL and its parameters (Drizzle's
    // "Failed query: … params: …"). Deliberate errors use other codes and keep their message.
    message: error.code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : shape.message,
    // Listed, not spread: tRPC adds `stack` outside production, and nothing else may slip in.
    data: {
      code: shape.data.code,
      httpStatus: shape.data.httpStatus,
      path: shape.data.path,
      // Field messages for forms, from input validation only (an output check's fields are ours).
      zodError: error.code === "BAD_REQUEST" && error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
    },
  }),
});

export const createCallerFactory = t.createCallerFactory;
export const createTRPCRouter = t.router;

export const publicProcedure = t.procedure;

/** Requires a signed-in user and narrows `ctx.session.user` to a known id. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  const user = ctx.session?.user;
  if (!ctx.session || !user?.id) {
    throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  }
  return next({ ctx: { ...ctx, session: { ...ctx.session, user } } });
});
