import { and, eq, gte, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, transactionMonthTotals } from "@/db/schema";
import { resolveCategoryFilter, type TransactionFilters } from "./transaction-filters";

const m = transactionMonthTotals;

/** "2026-02-28" → true: the last day of its month (the day after it is a first). */
const isLastDayOfMonth = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).getUTCDate() === 1;

/**
 * The explorer's filters as conditions on transaction_month_totals, or null when the month totals
 * cannot answer them: a text search, an amount range or a direction looks inside the rows, and so
 * does a date range that cuts a month. Account, bank, category, status and whole-month dates are
 * columns of the totals (category: the effective one, split parts in their own). Scoped by the user like the row filters: another user's account or bank
 * matches nothing.
 */
export async function monthTotalsConditions(db: Queryable, userId: string, filters: Omit<TransactionFilters, "sort">): Promise<SQL[] | null> {
  if (filters.q?.trim() || filters.min || filters.max || filters.direction) return null;
  if (filters.from && !filters.from.endsWith("-01")) return null;
  if (filters.to && !isLastDayOfMonth(filters.to)) return null;
  const conditions: SQL[] = [eq(m.userId, userId)];
  if (filters.account) {
    const [account] = await db
      .select({ plaidAccountId: plaidAccounts.plaidAccountId })
      .from(plaidAccounts)
      .where(and(eq(plaidAccounts.id, filters.account), eq(plaidAccounts.userId, userId)));
    conditions.push(account ? eq(m.plaidAccountId, account.plaidAccountId) : sql`false`);
  }
  if (filters.bank) conditions.push(eq(m.itemId, filters.bank));
  if (filters.category) {
    const category = await resolveCategoryFilter(db, userId, filters.category);
    if (!category) conditions.push(sql`false`);
    else if ("id" in category) conditions.push(eq(m.categoryId, category.id));
    else conditions.push(and(isNull(m.categoryId), eq(m.categoryPrimary, category.unseededPrimary)) ?? sql`false`);
  }
  if (filters.status) conditions.push(eq(m.pending, filters.status === "pending"));
  if (filters.from) conditions.push(gte(m.month, filters.from));
  // `to` is the last day of a month: that month's first day is ≤ it, the next month's is not.
  if (filters.to) conditions.push(lte(m.month, filters.to));
  return conditions;
}
