import { createTRPCRouter, protectedProcedure } from "@/server/api/trpc";

export const viewerRouter = createTRPCRouter({
  /** Who is signed in; the smallest protected read. */
  me: protectedProcedure.query(({ ctx }) => ({ id: ctx.session.user.id, email: ctx.session.user.email })),
});
