import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { findUserItem, isConnected } from "@/server/plaid/find-user-item";
import { getIdentity } from "@/server/plaid/get-identity";
import { hitRateLimit } from "@/server/rate-limit";
import { itemIdInput } from "./connection-schemas";
import { connectionNotFound, plaidProcedure } from "./plaid-procedure";

// Each read is a billed, live call to the bank; a person opening the panel needs a few a minute.
const IDENTITY_LIMIT = { limit: 10, windowMs: 60_000 };

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
      const limited = await hitRateLimit(ctx.db, `identity:${ctx.userId}`, IDENTITY_LIMIT);
      if (!limited.allowed) {
        throw new TRPCError({
          code: "TOO_MANY_REQUESTS",
          message: `Account holder details were read a moment ago. Try again in ${limited.retryAfterSeconds} seconds.`,
        });
      }
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item || !isConnected(item)) throw connectionNotFound();
      return getIdentity(ctx.plaid, ctx.db, item);
    }),
});
