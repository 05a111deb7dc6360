import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { exploreTransactions, InvalidCursorError } from "@/server/finance/explore-transactions";
import { listAccountOptions } from "@/server/finance/explore-transactions-accounts";
import { summarizeTransactions } from "@/server/finance/explore-transactions-summary";
import { listUserTransactions } from "@/server/finance/list-user-transactions";
import { transactionFiltersSchema } from "@/server/finance/transaction-filters";
import { userProcedure } from "./user-procedure";

const cursorSchema = z.object({ date: z.iso.date(), id: z.string().min(1).max(200) });
const keysetSchema = z.string().min(3).max(300);

export const transactionsRouter = createTRPCRouter({
  /** The signed-in user's transactions, newest first, one keyset page at a time (the dashboard). */
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

  /** The explorer: filtered, sorted, one keyset page after or before a position. */
  explore: userProcedure
    .input(z.object({ filters: transactionFiltersSchema, limit: z.number().int().min(1).max(100).default(50), after: keysetSchema.nullish(), before: keysetSchema.nullish() }))
    .query(async ({ ctx, input }) => {
      try {
        return await exploreTransactions(ctx.db, { ...input, userId: ctx.userId });
      } catch (error) {
        if (error instanceof InvalidCursorError) throw new TRPCError({ code: "BAD_REQUEST", message: error.message });
        throw error;
      }
    }),

  /** Count and per-currency totals of what the filters match. */
  summary: userProcedure.input(z.object({ filters: transactionFiltersSchema })).query(({ ctx, input }) => summarizeTransactions(ctx.db, ctx.userId, input.filters)),

  /** The user's accounts with their bank's name, for the filter. */
  accountOptions: userProcedure.query(({ ctx }) => listAccountOptions(ctx.db, ctx.userId)),
});
