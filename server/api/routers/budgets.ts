import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter } from "@/server/api/trpc";
import { deleteBudget, setBudget, updateBudget } from "@/server/budgets/save-budget";
import { readBudgetMonth } from "@/server/finance/budgets";
import { userProcedure } from "./user-procedure";

/** A positive amount of money as a string, at most two decimal places: "250", "250.5", "250.00". */
const amountSchema = z
  .string({ error: "Enter an amount." })
  .trim()
  .regex(/^\d{1,12}(\.\d{1,2})?$/, { error: "Enter an amount like 250 or 250.00, with at most 2 decimal places." })
  .refine((value) => /[1-9]/.test(value), { error: "The amount must be more than 0." });

const currencySchema = z.string().regex(/^[A-Z]{3}$/, { error: "Pick a currency (a 3-letter code such as USD)." });
const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: "A month looks like 2026-01." });
const budgetIdSchema = z.uuid({ error: "That budget was not found." });

const budgetSchema = z.object({
  id: z.string(),
  categoryId: z.string().nullable(),
  categoryName: z.string().nullable(),
  currency: z.string(),
  amount: z.string(),
  rollover: z.boolean(),
  rolledOver: z.string(),
  spent: z.string(),
  dueRecurring: z.string(),
  available: z.string(),
  remaining: z.string(),
  percent: z.number(),
  projected: z.string(),
  pace: z.enum(["on_track", "over"]),
  overBy: z.string().nullable(),
});

const notFound = (what: "budget" | "category") => new TRPCError({ code: "NOT_FOUND", message: `That ${what} was not found.` });
const today = () => new Date().toISOString().slice(0, 10);

export const budgetsRouter = createTRPCRouter({
  /** Every budget for a month (default: this month, UTC) with spent, rollover, remaining and pace. */
  month: userProcedure
    .input(z.object({ month: monthSchema.optional() }).optional())
    .output(
      z.object({
        month: z.string(),
        budgets: z.array(budgetSchema),
        categories: z.array(z.object({ id: z.string(), name: z.string() })),
        currencies: z.array(z.string()),
      }),
    )
    .query(({ ctx, input }) => {
      const day = today();
      return readBudgetMonth(ctx.db, ctx.userId, { month: input?.month ?? day.slice(0, 7), today: day });
    }),

  /** Creates the budget of a category (or the total, categoryId null) in a currency, or replaces it. */
  set: userProcedure
    .input(z.object({ categoryId: z.uuid({ error: "That category was not found." }).nullable(), currency: currencySchema, amount: amountSchema, rollover: z.boolean().default(false) }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const saved = await setBudget(ctx.db, ctx.userId, input);
      if (!saved) throw notFound("category");
      return saved;
    }),

  /** Changes a budget's amount or rollover; another user's budget answers NOT_FOUND. */
  update: userProcedure
    .input(z.object({ budgetId: budgetIdSchema, amount: amountSchema.optional(), rollover: z.boolean().optional() }))
    .output(z.object({ id: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { budgetId, ...changes } = input;
      const updated = await updateBudget(ctx.db, ctx.userId, budgetId, changes);
      if (!updated) throw notFound("budget");
      return updated;
    }),

  delete: userProcedure
    .input(z.object({ budgetId: budgetIdSchema }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await deleteBudget(ctx.db, ctx.userId, input.budgetId))) throw notFound("budget");
      return { deleted: true as const };
    }),
});
