import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { listUpcoming } from "@/server/finance/upcoming";
import { userProcedure } from "./user-procedure";

const upcomingPaymentSchema = z.object({
  date: z.string(),
  source: z.enum(["recurring", "liability"]),
  sourceId: z.string(),
  description: z.string(),
  amount: z.string().nullable(),
  currency: z.string().nullable(),
  itemId: z.string(),
  institutionName: z.string().nullable(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  detail: z.string(),
  isOverdue: z.boolean(),
});

export const upcomingRouter = createTRPCRouter({
  /** Bills and loan or card payments due from today through the next `days` days (UTC), soonest first. */
  list: userProcedure
    .input(z.object({ days: z.number().int().min(1).max(60).default(7) }).optional())
    .output(z.array(upcomingPaymentSchema))
    .query(({ ctx, input }) => listUpcoming(ctx.db, ctx.userId, { today: new Date().toISOString().slice(0, 10), days: input?.days ?? 7 })),
});
