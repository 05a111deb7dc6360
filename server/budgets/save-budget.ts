import { and, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { budgets, categories } from "@/db/schema";

// Budget writes. Reads (what was spent, rolled over, still due) are in server/finance/budgets.ts,
// which stays reads only. Every write is scoped by the user: another user's category or budget
// is answered like a missing one (null) and nothing changes.

export interface BudgetInput {
  /** Null: the currency's total budget. */
  categoryId: string | null;
  currency: string;
  /** A positive decimal string with at most two decimal places (checked by the router). */
  amount: string;
  rollover: boolean;
}

/** Creates the budget for (category, currency), or replaces its amount and rollover. Null when the category is not the user's live one. */
export async function setBudget(db: Queryable, userId: string, input: BudgetInput): Promise<{ id: string } | null> {
  if (input.categoryId !== null) {
    const [category] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, input.categoryId), eq(categories.userId, userId), isNull(categories.deletedAt), isNull(categories.mergedIntoId)));
    if (!category) return null;
  }
  const [saved] = await db
    .insert(budgets)
    .values({ userId, categoryId: input.categoryId, currency: input.currency, amount: input.amount, rollover: input.rollover })
    .onConflictDoUpdate({
      target: [budgets.userId, budgets.categoryId, budgets.currency],
      set: { amount: input.amount, rollover: input.rollover, updatedAt: sql`now()` },
    })
    .returning({ id: budgets.id });
  return saved ?? null;
}

/** Changes a budget's amount or rollover. Null when the budget is not the user's. */
export async function updateBudget(db: Queryable, userId: string, budgetId: string, changes: { amount?: string; rollover?: boolean }): Promise<{ id: string } | null> {
  const [updated] = await db
    .update(budgets)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
    .returning({ id: budgets.id });
  return updated ?? null;
}

/** Deletes a budget. False when the budget is not the user's. */
export async function deleteBudget(db: Queryable, userId: string, budgetId: string): Promise<boolean> {
  const deleted = await db
    .delete(budgets)
    .where(and(eq(budgets.id, budgetId), eq(budgets.userId, userId)))
    .returning({ id: budgets.id });
  return deleted.length > 0;
}
