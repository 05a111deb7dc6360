/**
 * The answers the month totals stand in for, computed from plaid_transactions row by row: what
 * tests compare transaction_month_totals and the read models built on it against.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidTransactions } from "@/db/schema";
import { CASH_FLOW_MONTHS, cashFlowByCurrency, type CurrencyCashFlow } from "../overview-cash-flow";
import type { CategorySpending } from "../overview-categories";
import { lastMonths, monthRange } from "../overview-periods";
import { countsAsSpendingOrIncome, transactionCurrency } from "../overview-rules";

type Line = { line: string };

// trim_scale: 5.00 and 5 are the same money; the lines compare values, not how they were typed.
const GROUP_COLUMNS = sql.raw(`user_id || '|' || item_id || '|' || plaid_account_id || '|' || month::text || '|' || coalesce(currency, '∅') || '|' ||
  coalesce(category_primary, '∅') || '|' || pending::text || '|' || count::text || '|' || trim_scale(money_in)::text || '|' || trim_scale(money_out)::text`);

/** transaction_month_totals as stored, one sorted text line per group. */
export async function storedMonthTotals(db: Queryable): Promise<string[]> {
  const rows = await queryRows<Line>(db, sql`select ${GROUP_COLUMNS} as line from transaction_month_totals`);
  return rows.map((row) => row.line).sort();
}

/** The same groups recomputed now with a plain GROUP BY over plaid_transactions. */
export async function recomputedMonthTotals(db: Queryable): Promise<string[]> {
  const rows = await queryRows<Line>(
    db,
    sql`select ${GROUP_COLUMNS} as line from (
      select user_id, item_id, plaid_account_id, date_trunc('month', date)::date as month, coalesce(iso_currency_code, unofficial_currency_code) as currency,
        category_primary, pending, count(*) as count,
        coalesce(sum(-amount) filter (where amount < 0), 0) as money_in, coalesce(sum(amount) filter (where amount > 0), 0) as money_out
      from plaid_transactions group by 1, 2, 3, 4, 5, 6, 7) as g`,
  );
  return rows.map((row) => row.line).sort();
}

/** The overview's cash flow from the rows (what readCashFlow answered before the month totals). */
export async function cashFlowFromRows(db: Queryable, userId: string, now: Date): Promise<CurrencyCashFlow[]> {
  const months = lastMonths(now, CASH_FLOW_MONTHS);
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  const t = plaidTransactions;
  const month = sql<string>`to_char(${t.date}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      currency: transactionCurrency,
      pending: t.pending,
      spending: sql<string>`coalesce(sum(case when ${t.amount} > 0 then ${t.amount} else 0 end), 0)::text`,
      income: sql<string>`coalesce(sum(case when ${t.amount} < 0 then -${t.amount} else 0 end), 0)::text`,
    })
    .from(t)
    .where(and(eq(t.userId, userId), gte(t.date, first.start), lt(t.date, last.end), countsAsSpendingOrIncome))
    .groupBy(month, transactionCurrency, t.pending);
  return cashFlowByCurrency(months, rows);
}

/** This month's spending by category from the rows (what readSpendingByCategory answered before). */
export async function spendingByCategoryFromRows(db: Queryable, userId: string, now: Date): Promise<CategorySpending[]> {
  const t = plaidTransactions;
  const range = monthRange(now);
  const amount = sql<string>`sum(${t.amount})`;
  return db
    .select({ currency: transactionCurrency, category: t.categoryPrimary, amount: sql<string>`${amount}::text` })
    .from(t)
    .where(and(eq(t.userId, userId), eq(t.pending, false), sql`${t.amount} > 0`, gte(t.date, range.start), lt(t.date, range.end), countsAsSpendingOrIncome))
    .groupBy(transactionCurrency, t.categoryPrimary)
    .orderBy(desc(amount), transactionCurrency, t.categoryPrimary);
}

/** A decimal string as exact cents (amounts here have at most two decimals): "12.5" and "12.50" agree. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}
