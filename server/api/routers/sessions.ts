import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { listActiveSessions, revokeOtherSessions, revokeUserSession } from "@/server/auth/user-sessions";
import { userProcedure } from "./user-procedure";

const sessionOutput = z.object({
  id: z.string(),
  device: z.string(),
  network: z.string().nullable(),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  current: z.boolean(),
});

/** The user's signed-in sessions (server/auth/user-sessions.ts); each scoped by the session's user. */
export const sessionsRouter = createTRPCRouter({
  list: userProcedure.output(z.array(sessionOutput)).query(async ({ ctx }) => {
    const current = ctx.session.sessionId;
    const sessions = await listActiveSessions(ctx.db, ctx.userId);
    return sessions.map((session) => ({ ...session, current: session.id === current }));
  }),

  /** Another user's session id, or a malformed one, answers NOT_FOUND like a missing one. */
  revoke: userProcedure
    .input(z.object({ sessionId: z.string().max(64) }))
    .output(z.object({ ok: z.literal(true), current: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const found = z.uuid().safeParse(input.sessionId).success && (await revokeUserSession(ctx.db, ctx.userId, input.sessionId));
      if (!found) throw new TRPCError({ code: "NOT_FOUND", message: "That session is not signed in." });
      return { ok: true as const, current: input.sessionId === ctx.session.sessionId };
    }),

  revokeOthers: userProcedure.output(z.object({ count: z.number().int() })).mutation(async ({ ctx }) => {
    // Without a session row of its own (a token from before rows existed) this would end them all.
    const keep = ctx.session.sessionId;
    if (!keep) throw new TRPCError({ code: "BAD_REQUEST", message: "Sign in again to manage sessions." });
    return { count: await revokeOtherSessions(ctx.db, ctx.userId, keep) };
  }),
});
