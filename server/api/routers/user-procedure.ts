import { TRPCError } from "@trpc/server";
import { protectedProcedure } from "@/server/api/trpc";

/** Signed in, with the user id as a plain string on `ctx.userId` for scoping every query. */
export const userProcedure = protectedProcedure.use(({ ctx, next }) => {
  const userId = ctx.session.user.id;
  if (!userId) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  return next({ ctx: { userId } });
});
