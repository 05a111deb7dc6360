import { and, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidTransactions, transactionMonthTotals } from "@/db/schema";
import { monthTotalsConditions } from "./month-totals-filters";
import { countedLinesJoin } from "./counted-lines";
import { notHidden } from "./effective-category";
import { resolveCategoryFilter, transactionFilterConditions, type TransactionFilters } from "./transaction-filters";

export interface CurrencyTotals {
  /** ISO code, an unofficial code (crypto), or null when Plaid gave neither. */
  currency: string | null;
  count: number;
  /** Decimal strings, never floats, all positive magnitudes. */
  moneyIn: string;
  moneyOut: string;
  /** moneyIn − moneyOut: negative when more went out than came in. */
  net: string;
}

export interface TransactionsSummary {
  count: number;
  /** One line per currency: amounts in different currencies are never added together. */
  byCurrency: CurrencyTotals[];
}

type Filters = Omit<TransactionFilters, "sort">;

const summary = (rows: CurrencyTotals[]): TransactionsSummary => ({ count: rows.reduce((total, row) => total + row.count, 0), byCurrency: rows });

/**
 * How many transactions match the filters and what they add up to, per currency: from the month
 * totals when the filters are theirs (no filter, account, bank, category, status, whole months),
 * which reads a few rows a month instead of every matching transaction; from the rows otherwise.
 */
export async function summarizeTransactions(db: Queryable, userId: string, filters: Filters): Promise<TransactionsSummary> {
  const conditions = await monthTotalsConditions(db, userId, filters);
  return conditions ? summarizeMonthTotals(db, conditions) : summarizeTransactionRows(db, userId, filters);
}

async function summarizeMonthTotals(db: Queryable, conditions: SQL[]): Promise<TransactionsSummary> {
  const m = transactionMonthTotals;
  const rows = await db
    .select({
      currency: m.currency,
      count: sql<number>`sum(${m.count})::int`,
      moneyIn: sql<string>`sum(${m.moneyIn})::text`,
      moneyOut: sql<string>`sum(${m.moneyOut})::text`,
      net: sql<string>`(sum(${m.moneyIn}) - sum(${m.moneyOut}))::text`,
    })
    .from(m)
    .where(and(...conditions))
    .groupBy(m.currency)
    .orderBy(sql`sum(${m.count}) desc`, m.currency);
  return summary(rows);
}

/**
 * The same answer from the transactions themselves: every filter, one pass over what matches,
 * counting what the totals count (counted-lines.ts: no hidden rows, split parts in their own
 * categories). A category filter picks lines, so a split's other parts are not counted in it.
 */
export async function summarizeTransactionRows(db: Queryable, userId: string, filters: Filters): Promise<TransactionsSummary> {
  const t = plaidTransactions;
  const conditions = await transactionFilterConditions(db, userId, { ...filters, category: undefined });
  conditions.push(notHidden);
  if (filters.category) {
    const category = await resolveCategoryFilter(db, userId, filters.category);
    if (!category) conditions.push(sql`false`);
    else if ("id" in category) conditions.push(sql`line.category_id = ${category.id}::uuid`);
    else conditions.push(sql`(line.category_id is null and ${t.categoryPrimary} = ${category.unseededPrimary})`);
  }
  const rows = await queryRows<CurrencyTotals & Record<string, unknown>>(
    db,
    // numeric sums stay exact; ::text keeps them strings on both drivers.
    sql`select coalesce(${t.isoCurrencyCode}, ${t.unofficialCurrencyCode}) as currency, count(*)::int as count,
        coalesce(-sum(line.amount) filter (where line.amount < 0), 0)::text as "moneyIn",
        coalesce(sum(line.amount) filter (where line.amount > 0), 0)::text as "moneyOut",
        coalesce(-sum(line.amount), 0)::text as net
      from ${t} ${countedLinesJoin}
      where ${and(...conditions)}
      group by 1 order by count(*) desc, 1`,
  );
  return summary(rows.map((row) => ({ ...row, count: Number(row.count) })));
}
