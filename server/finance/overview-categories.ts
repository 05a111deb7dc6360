import { and, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { transactionMonthTotals } from "@/db/schema";
import { monthRange } from "./overview-periods";
import { monthTotalCountsAsSpendingOrIncome } from "./overview-rules";

export interface CategorySpending {
  currency: string | null;
  /** Plaid's personal_finance_category.primary, e.g. FOOD_AND_DRINK; null when uncategorized. */
  category: string | null;
  /** Money out, positive decimal string. */
  amount: string;
}

/**
 * This month's spending by category and currency, largest first: posted money out only, under
 * the same rules as the cash flow, so the categories of a currency add up to its spending. From
 * transaction_month_totals: a category with money only coming in has no spending and is left out.
 */
export async function readSpendingByCategory(db: Queryable, userId: string, now: Date): Promise<CategorySpending[]> {
  const m = transactionMonthTotals;
  const range = monthRange(now);
  const amount = sql<string>`sum(${m.moneyOut})`;
  const rows = await db
    .select({ currency: m.currency, category: m.categoryPrimary, amount: sql<string>`${amount}::text` })
    .from(m)
    .where(and(eq(m.userId, userId), eq(m.pending, false), eq(m.month, range.start), monthTotalCountsAsSpendingOrIncome))
    .groupBy(m.currency, m.categoryPrimary)
    .having(sql`${amount} > 0`)
    .orderBy(desc(amount), m.currency, m.categoryPrimary);
  return rows;
}
