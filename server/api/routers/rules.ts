import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { transactionIdSchema } from "@/server/edits/edit-schemas";
import { applyRulesToHistory, countMatchingConditions, previewRulesOnHistory } from "@/server/rules/apply-rules-to-history";
import { listRules } from "@/server/rules/list-rules";
import { RuleNotFoundError, RuleOrderError } from "@/server/rules/rule-errors";
import { createRuleFromTransaction, previewRuleFromTransaction } from "@/server/rules/rule-from-transaction";
import { ruleConditionsSchema, ruleIdSchema, ruleInputSchema } from "@/server/rules/rule-schemas";
import { createRule, deleteRule, reorderRules, setRuleEnabled, updateRule } from "@/server/rules/save-rule";
import { userProcedure } from "./user-procedure";

/** Domain errors as tRPC errors, once: another user's ids read exactly like missing ones. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RuleNotFoundError) throw new TRPCError({ code: "NOT_FOUND", message: error.message });
    if (error instanceof RuleOrderError) throw new TRPCError({ code: "CONFLICT", message: error.message });
    throw error;
  }
}

const fromTransactionSchema = z.object({ transactionId: transactionIdSchema, categoryId: z.uuid("Pick a category from the list") });

export const rulesRouter = createTRPCRouter({
  /** The user's rules in evaluation order, with the categories and accounts the form offers. */
  list: userProcedure.query(({ ctx }) => listRules(ctx.db, ctx.userId)),

  /** A new rule at the bottom of the list; applies to new transactions, and to history on request. */
  create: userProcedure.input(ruleInputSchema).mutation(({ ctx, input }) => mapped(() => ctx.db.transaction((tx) => createRule(tx, ctx.userId, input)))),

  /** Replaces a rule; what it set before is recomputed at once. */
  update: userProcedure
    .input(ruleInputSchema.extend({ ruleId: ruleIdSchema }))
    .mutation(({ ctx, input }) => {
      const { ruleId, ...rule } = input;
      return mapped(() => updateRule(ctx.db, ctx.userId, ruleId, rule));
    }),

  setEnabled: userProcedure
    .input(z.object({ ruleId: ruleIdSchema, enabled: z.boolean() }))
    .mutation(({ ctx, input }) => mapped(() => setRuleEnabled(ctx.db, ctx.userId, input.ruleId, input.enabled))),

  /** Deletes a rule and every effect it had. */
  delete: userProcedure.input(z.object({ ruleId: ruleIdSchema })).mutation(({ ctx, input }) => mapped(() => deleteRule(ctx.db, ctx.userId, input.ruleId))),

  /** The full order, top first: every one of the user's rules exactly once. */
  reorder: userProcedure
    .input(z.object({ ruleIds: z.array(ruleIdSchema).min(1, "List the rules in their new order").max(500) }))
    .mutation(({ ctx, input }) => mapped(() => reorderRules(ctx.db, ctx.userId, input.ruleIds))),

  /** How many of the user's transactions a draft's conditions match (the form's live count). */
  previewConditions: userProcedure
    .input(z.object({ conditions: ruleConditionsSchema }))
    .query(({ ctx, input }) => countMatchingConditions(ctx.db, ctx.userId, input.conditions)),

  /** How many past transactions applying the rules to history would change. */
  previewHistory: userProcedure.query(({ ctx }) => previewRulesOnHistory(ctx.db, ctx.userId)),

  /** Applies the enabled rules to every past transaction, month totals included. */
  applyToHistory: userProcedure.mutation(({ ctx }) => applyRulesToHistory(ctx.db, ctx.userId)),

  /** "Always do this for <merchant>?": what the rule would be and how many past transactions it would change. */
  previewFromTransaction: userProcedure
    .input(fromTransactionSchema)
    .query(({ ctx, input }) => mapped(() => previewRuleFromTransaction(ctx.db, ctx.userId, input.transactionId, input.categoryId))),

  /** Makes "merchant equals X → category" at the top of the list and applies it to that merchant's past transactions. */
  createFromTransaction: userProcedure
    .input(fromTransactionSchema)
    .mutation(({ ctx, input }) => mapped(() => createRuleFromTransaction(ctx.db, ctx.userId, input.transactionId, input.categoryId))),
});
