import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { completeUpdateMode } from "@/server/plaid/complete-update-mode";
import { createLinkToken } from "@/server/plaid/create-link-token";
import { decryptItemToken } from "@/server/plaid/decrypt-item-token";
import { exchangePublicToken } from "@/server/plaid/exchange-public-token";
import { findUserItem, isConnected } from "@/server/plaid/find-user-item";
import { listUserItems } from "@/server/finance/list-user-items";
import { accountDeleting, connectionNotFound, plaidProcedure } from "./plaid-procedure";
import { itemIdInput, itemSummarySchema } from "./connection-schemas";
import { limitPerUser } from "./per-user-limit";

// The subset of Link's onSuccess metadata the server reads; everything else is dropped.
const linkMetadata = z.object({
  institution: z.object({ institution_id: z.string().max(100), name: z.string().max(200) }).nullable(),
  accounts: z
    .array(
      z.object({
        id: z.string().max(200),
        name: z.string().max(200),
        mask: z.string().max(10).nullable(),
        type: z.string().max(50),
        subtype: z.string().max(50).nullable(),
      }),
    )
    .max(100),
  link_session_id: z.string().max(200).optional(),
});

const exchangeOutput = z.discriminatedUnion("status", [
  z.object({ status: z.literal("connected"), item: itemSummarySchema }),
  z.object({
    status: z.literal("duplicate"),
    existingItemId: z.string(),
    institutionName: z.string().nullable(),
    message: z.string(),
  }),
]);

export const plaidRouter = createTRPCRouter({
  /** A Link token for connecting a new bank, or, with `itemId`, for update mode on that item. */
  createLinkToken: plaidProcedure
    .input(z.object({ itemId: z.uuid().optional(), addAccounts: z.boolean().optional() }).optional())
    .output(z.object({ linkToken: z.string(), expiration: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await limitPerUser(ctx.db, ctx.userId, "link-token", (seconds) => `Too many attempts to open Plaid. Try again in ${seconds} seconds.`);
      if (!input?.itemId) return createLinkToken(ctx.plaid, { userId: ctx.userId });
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item || !isConnected(item)) throw connectionNotFound();
      const accessToken = await decryptItemToken(ctx.plaid, ctx.db, item);
      return createLinkToken(ctx.plaid, { userId: ctx.userId, accessToken, addAccounts: input.addAccounts });
    }),

  /** Link's onSuccess for a new bank: exchange, store encrypted, fetch accounts, queue the first sync. */
  exchangePublicToken: plaidProcedure
    .input(z.object({ publicToken: z.string().min(1).max(200), metadata: linkMetadata }))
    .output(exchangeOutput)
    .mutation(async ({ ctx, input }) => {
      await limitPerUser(ctx.db, ctx.userId, "exchange", (seconds) => `Too many banks connected in a short time. Try again in ${seconds} seconds.`);
      const { institution } = input.metadata;
      const result = await exchangePublicToken(ctx.plaid, ctx.db, {
        userId: ctx.userId,
        publicToken: input.publicToken,
        institution: institution ? { id: institution.institution_id, name: institution.name } : null,
      });
      if (result.status === "account_deleting") throw accountDeleting();
      if (result.status === "duplicate") {
        const name = result.institutionName;
        return {
          status: "duplicate" as const,
          existingItemId: result.existingItemId,
          institutionName: name,
          message: name
            ? `These ${name} accounts are already connected. Use the existing ${name} connection instead.`
            : "These accounts are already connected. Use the existing connection instead.",
        };
      }
      const [item] = await listUserItems(ctx.db, { userId: ctx.userId, itemId: result.itemId });
      if (!item) throw new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "The new connection could not be read back." });
      return { status: "connected" as const, item };
    }),

  /** Link's onSuccess in update mode: no exchange; re-read the item's health and queue a refresh. */
  completeUpdate: plaidProcedure
    .input(itemIdInput)
    .output(itemSummarySchema)
    .mutation(async ({ ctx, input }) => {
      await limitPerUser(ctx.db, ctx.userId, "complete-update", (seconds) => `Too many reconnections in a short time. Try again in ${seconds} seconds.`);
      const item = await findUserItem(ctx.db, { userId: ctx.userId, itemId: input.itemId });
      if (!item || !isConnected(item)) throw connectionNotFound();
      await completeUpdateMode(ctx.plaid, ctx.db, item);
      const [summary] = await listUserItems(ctx.db, { userId: ctx.userId, itemId: item.id });
      if (!summary) throw connectionNotFound();
      return summary;
    }),
});
