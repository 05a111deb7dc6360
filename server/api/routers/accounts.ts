import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { itemStatus } from "@/db/schema";
import { createTRPCRouter } from "@/server/api/trpc";
import { findUserItem, isConnected } from "@/server/plaid/find-user-item";
import { readBalanceHistory } from "@/server/finance/balance-history";
import { listUserAccountDetails } from "@/server/finance/list-user-account-details";
import { listUserAccounts } from "@/server/finance/list-user-accounts";
import { refreshBalances } from "@/server/plaid/refresh-balances";
import { accountSummarySchema, itemIdInput } from "./connection-schemas";
import { limitPerUser } from "./per-user-limit";
import { connectionNotFound, plaidProcedure } from "./plaid-procedure";
import { userProcedure } from "./user-procedure";

const accountDetailsSchema = accountSummarySchema.extend({
  plaidAccountId: z.string(),
  institutionName: z.string().nullable(),
  itemStatus: z.enum(itemStatus.enumValues),
  itemRemovedAt: z.date().nullable(),
  lastSyncedAt: z.date().nullable(),
});

const balancePointSchema = z.object({ day: z.string(), current: z.string().nullable(), available: z.string().nullable(), recorded: z.boolean() });

export const accountsRouter = createTRPCRouter({
  /** Every account with its bank's name and connection state, for the Accounts page. */
  details: userProcedure.output(z.array(accountDetailsSchema)).query(({ ctx }) => listUserAccountDetails(ctx.db, { userId: ctx.userId })),

  /** One account of the user's; another user's id answers NOT_FOUND, like a missing one. */
  get: userProcedure
    .input(z.object({ accountId: z.uuid() }))
    .output(accountDetailsSchema)
    .query(async ({ ctx, input }) => {
      const [account] = await listUserAccountDetails(ctx.db, { userId: ctx.userId, accountId: input.accountId });
      if (!account) throw new TRPCError({ code: "NOT_FOUND", message: "That account was not found." });
      return account;
    }),

  /** Daily balances from the saved snapshots; a day without one carries the previous forward. */
  balanceHistory: userProcedure
    .input(z.object({ accountId: z.uuid(), days: z.number().int().min(7).max(730).default(90) }))
    .output(z.array(balancePointSchema))
    .query(({ ctx, input }) => readBalanceHistory(ctx.db, { userId: ctx.userId, accountId: input.accountId }, new Date(), input.days)),

  /** Every account of the user's connections, with the balances last fetched. */
  list: userProcedure.output(z.array(accountSummarySchema)).query(({ ctx }) => listUserAccounts(ctx.db, { userId: ctx.userId })),

  /** Asks the bank for balances now and answers the item's accounts with them. */
  refreshBalances: plaidProcedure
    .input(itemIdInput)
    .output(z.array(accountSummarySchema))
    .mutation(async ({ ctx, input }) => {
      // Counted before the lookup, so a missing and a foreign id behave the same here too.
      await limitPerUser(ctx.db, ctx.userId, "balance-refresh", (seconds) => `Balances were refreshed a moment ago. Try again in ${seconds} seconds.`);
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item || !isConnected(item)) throw connectionNotFound();
      await refreshBalances(ctx.plaid, ctx.db, item);
      return listUserAccounts(ctx.db, { userId: ctx.userId, itemId: item.id });
    }),
});
