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

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    data: {
      ...shape.data,
      // Field messages for forms; never a stack trace (tRPC strips stacks in production).
      zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
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
