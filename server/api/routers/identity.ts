import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { findUserItem, isConnected } from "@/server/plaid/find-user-item";
import { getIdentity } from "@/server/plaid/get-identity";
import { itemIdInput } from "./connection-schemas";
import { limitPerUser } from "./per-user-limit";
import { connectionNotFound, plaidProcedure } from "./plaid-procedure";

const accountHolderSchema = z.object({
  plaidAccountId: z.string(),
  name: z.string(),
  mask: z.string().nullable(),
  owners: z.array(
    z.object({
      names: z.array(z.string()),
      emails: z.array(z.string()),
      phoneNumbers: z.array(z.string()),
      addresses: z.array(z.string()),
    }),
  ),
});

export const identityRouter = createTRPCRouter({
  /** Account holders' names and contact details as the bank has them (read live, not stored). */
  get: plaidProcedure
    .input(itemIdInput)
    .output(z.array(accountHolderSchema))
    .query(async ({ ctx, input }) => {
      // Counted before the lookup, so a missing and a foreign id behave the same here too.
      await limitPerUser(ctx.db, ctx.userId, "identity", (seconds) => `Account holder details were read a moment ago. Try again in ${seconds} seconds.`);
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item || !isConnected(item)) throw connectionNotFound();
      return getIdentity(ctx.plaid, ctx.db, item);
    }),
});
