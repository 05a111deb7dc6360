import { TRPCError } from "@trpc/server";
import { protectedProcedure } from "@/server/api/trpc";
import { isActiveUser } from "@/server/auth/active-user";

/**
 * Signed in, with the user id as a plain string on `ctx.userId` for scoping every query. The user
 * must still exist and not be mid-deletion, checked per request rather than from the session
 * cache, so a deletion on any process ends the session's access at once.
 */
export const userProcedure = protectedProcedure.use(async ({ ctx, next }) => {
  const userId = ctx.session.user.id;
  if (!userId || !(await isActiveUser(ctx.db, userId))) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { userId } });
});
