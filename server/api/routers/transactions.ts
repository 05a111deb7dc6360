import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { listUserTransactions } from "@/server/finance/list-user-transactions";
import { userProcedure } from "./user-procedure";

const cursorSchema = z.object({ date: z.iso.date(), id: z.string().min(1).max(200) });

export const transactionsRouter = createTRPCRouter({
  /** The signed-in user's transactions, newest first, one keyset page at a time. */
  list: userProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(100).default(50),
        cursor: cursorSchema.nullish(),
        accountId: z.uuid().nullish(),
        search: z.string().trim().max(100).nullish(),
      }),
    )
    .query(({ ctx, input }) => listUserTransactions(ctx.db, { ...input, userId: ctx.userId })),
});
