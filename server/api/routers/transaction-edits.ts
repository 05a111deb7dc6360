import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { bulkEditTransactions } from "@/server/edits/bulk-edit-transactions";
import { dismissNotice } from "@/server/edits/dismiss-notice";
import { editTransaction } from "@/server/edits/edit-transaction";
import { bulkEditSchema, splitSchema, transactionEditSchema, transactionIdSchema } from "@/server/edits/edit-schemas";
import { removeSplit, splitTransaction } from "@/server/edits/split-transaction";
import { countMatchingTransactions } from "@/server/finance/count-matching-transactions";
import { listNotices } from "@/server/finance/list-notices";
import { transactionFiltersSchema } from "@/server/finance/transaction-filters";
import { readTransactionEditView } from "@/server/finance/transaction-edit-view";
import { mapEditErrors } from "./edit-errors";
import { userProcedure } from "./user-procedure";

export const transactionEditsRouter = createTRPCRouter({
  /** One transaction with the person's edits and split, for the edit panel. */
  get: userProcedure.input(z.object({ id: transactionIdSchema })).query(async ({ ctx, input }) => {
    const view = await readTransactionEditView(ctx.db, ctx.userId, input.id);
    if (!view) throw new TRPCError({ code: "NOT_FOUND", message: "That transaction was not found." });
    return view;
  }),

  /** Recategorise, rename for display, note, tags, hide from reports: only the fields given change. */
  update: userProcedure.input(transactionEditSchema).mutation(({ ctx, input }) => mapEditErrors(() => editTransaction(ctx.db, ctx.userId, input))),

  /** Selected ids, or all matching the explorer's filters, in one statement. */
  bulkUpdate: userProcedure.input(bulkEditSchema).mutation(({ ctx, input }) => mapEditErrors(() => bulkEditTransactions(ctx.db, ctx.userId, input))),

  /** How many transactions the filters match: what "select all N matching" edits. */
  countMatching: userProcedure
    .input(z.object({ filters: transactionFiltersSchema }))
    .query(({ ctx, input }) => countMatchingTransactions(ctx.db, ctx.userId, input.filters)),

  split: userProcedure.input(splitSchema).mutation(({ ctx, input }) => mapEditErrors(() => splitTransaction(ctx.db, ctx.userId, input))),

  unsplit: userProcedure.input(z.object({ id: transactionIdSchema })).mutation(({ ctx, input }) => mapEditErrors(() => removeSplit(ctx.db, ctx.userId, input.id))),

  /** What happened to edits without the person (a split transaction the bank removed). */
  notices: userProcedure.query(({ ctx }) => listNotices(ctx.db, ctx.userId)),

  dismissNotice: userProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    if (!(await dismissNotice(ctx.db, ctx.userId, input.id))) throw new TRPCError({ code: "NOT_FOUND", message: "That notice was not found." });
  }),
});
