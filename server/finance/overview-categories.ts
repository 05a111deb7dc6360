import { and, desc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { categories, transactionMonthTotals } from "@/db/schema";
import { humanisedPrimary } from "@/server/edits/seed-categories";
import { monthRange } from "./overview-periods";
import { monthTotalCountsAsSpendingOrIncome } from "./overview-rules";

export interface CategorySpending {
  currency: string | null;
  /** The effective category (the user's own list); null when uncategorized. */
  categoryId: string | null;
  /** Its name as the user sees it; null when uncategorized. */
  category: string | null;
  /** Money out, positive decimal string. */
  amount: string;
}

/**
 * This month's spending by effective category and currency, largest first: posted money out only,
 * under the same rules as the cash flow, so the categories of a currency add up to its spending.
 * From transaction_month_totals (hidden transactions left out, split parts in their own
 * categories): a category with money only coming in has no spending and is left out.
 */
export async function readSpendingByCategory(db: Queryable, userId: string, now: Date): Promise<CategorySpending[]> {
  const m = transactionMonthTotals;
  const range = monthRange(now);
  const amount = sql<string>`sum(${m.moneyOut})`;
  // A group without a category of the user's (a Plaid primary that could not be seeded) keeps Plaid's name.
  const name = sql<string | null>`coalesce(${categories.name}, ${humanisedPrimary(sql`${m.categoryPrimary}`)})`;
  const rows = await db
    .select({ currency: m.currency, categoryId: m.categoryId, category: name, amount: sql<string>`${amount}::text` })
    .from(m)
    .leftJoin(categories, eq(categories.id, m.categoryId))
    .where(and(eq(m.userId, userId), eq(m.pending, false), eq(m.month, range.start), monthTotalCountsAsSpendingOrIncome))
    .groupBy(m.currency, m.categoryId, name)
    .having(sql`${amount} > 0`)
    .orderBy(desc(amount), m.currency, name);
  return rows;
}
