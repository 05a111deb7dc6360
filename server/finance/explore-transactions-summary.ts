import { and, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidTransactions } from "@/db/schema";
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

const t = plaidTransactions;

/** How many transactions match the filters and what they add up to, per currency. */
export async function summarizeTransactions(db: Queryable, userId: string, filters: Omit<TransactionFilters, "sort">): Promise<TransactionsSummary> {
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
  return { count: rows.reduce((total, row) => total + row.count, 0), byCurrency: rows };
}
