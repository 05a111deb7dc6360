import { and, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidTransactions, transactionMonthTotals } from "@/db/schema";
import { monthTotalsConditions } from "./month-totals-filters";
import { transactionFilterConditions, type TransactionFilters } from "./transaction-filters";

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

/** The same answer from the transactions themselves: every filter, one pass over what matches. */
export async function summarizeTransactionRows(db: Queryable, userId: string, filters: Filters): Promise<TransactionsSummary> {
  const t = plaidTransactions;
  const conditions = await transactionFilterConditions(db, userId, filters);
  const currency = sql<string | null>`coalesce(${t.isoCurrencyCode}, ${t.unofficialCurrencyCode})`;
  const rows = await db
    .select({
      currency,
      count: sql<number>`count(*)::int`,
      // numeric sums stay exact; ::text keeps them strings on both drivers.
      moneyIn: sql<string>`coalesce(-sum(${t.amount}) filter (where ${t.amount} < 0), 0)::text`,
      moneyOut: sql<string>`coalesce(sum(${t.amount}) filter (where ${t.amount} > 0), 0)::text`,
      net: sql<string>`coalesce(-sum(${t.amount}), 0)::text`,
    })
    .from(t)
    .where(and(...conditions))
    .groupBy(currency)
    .orderBy(sql`count(*) desc`, currency);
  return summary(rows);
}
