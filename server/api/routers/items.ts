import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { findUserItem } from "@/server/plaid/find-user-item";
import { listUserItems } from "@/server/finance/list-user-items";
import { removeItem } from "@/server/plaid/remove-item";
import { itemSummarySchema } from "./connection-schemas";
import { limitPerUser } from "./per-user-limit";
import { connectionNotFound, plaidProcedure } from "./plaid-procedure";
import { userProcedure } from "./user-procedure";

export const itemsRouter = createTRPCRouter({
  /** The signed-in user's bank connections, including disconnected ones whose data was kept. */
  list: userProcedure.output(z.array(itemSummarySchema)).query(({ ctx }) => listUserItems(ctx.db, { userId: ctx.userId })),

  /** Disconnect at Plaid, then keep the accounts and transactions or delete everything. */
  remove: plaidProcedure
    .input(z.object({ itemId: z.uuid(), keepData: z.boolean() }))
    .output(z.object({ itemId: z.string(), keptData: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      await limitPerUser(ctx.db, ctx.userId, "item-remove", (seconds) => `Too many connections removed in a short time. Try again in ${seconds} seconds.`);
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item) throw connectionNotFound();
      await removeItem(ctx.plaid, ctx.db, item, { keepData: input.keepData });
      return { itemId: item.id, keptData: input.keepData };
    }),
});
