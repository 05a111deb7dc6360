import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidTransactions } from "@/db/schema";
import { monthRange } from "./overview-periods";
import { countsAsSpendingOrIncome, transactionCurrency } from "./overview-rules";

export interface CategorySpending {
  currency: string | null;
  /** Plaid's personal_finance_category.primary, e.g. FOOD_AND_DRINK; null when uncategorized. */
  category: string | null;
  /** Money out, positive decimal string. */
  amount: string;
}

/**
 * This month's spending by category and currency, largest first: posted money out only, under
 * the same rules as the cash flow, so the categories of a currency add up to its spending.
 */
export async function readSpendingByCategory(db: Queryable, userId: string, now: Date): Promise<CategorySpending[]> {
  const t = plaidTransactions;
  const range = monthRange(now);
  const amount = sql<string>`sum(${t.amount})`;
  const rows = await db
    .select({ currency: transactionCurrency, category: t.categoryPrimary, amount: sql<string>`${amount}::text` })
    .from(t)
    .where(
      and(
        eq(t.userId, userId),
        eq(t.pending, false),
        sql`${t.amount} > 0`,
        gte(t.date, range.start),
        lt(t.date, range.end),
        countsAsSpendingOrIncome,
      ),
    )
    .groupBy(transactionCurrency, t.categoryPrimary)
    .orderBy(desc(amount));
  return rows;
}
