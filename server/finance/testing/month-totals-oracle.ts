/**
 * The answers the month totals stand in for, computed from plaid_transactions row by row: what
 * tests compare transaction_month_totals and the read models built on it against.
 */
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidTransactions } from "@/db/schema";
import { humanisedPrimary } from "@/server/edits/seed-categories";
import { countedLinesJoin } from "../counted-lines";
import { notHidden } from "../effective-category";
import { CASH_FLOW_MONTHS, cashFlowByCurrency, type CashFlowRow, type CurrencyCashFlow } from "../overview-cash-flow";
import type { CategorySpending } from "../overview-categories";
import { lastMonths, monthRange } from "../overview-periods";
import { NOT_SPENDING_OR_INCOME } from "../overview-rules";

type Line = { line: string };

// trim_scale: 5.00 and 5 are the same money; the lines compare values, not how they were typed.
const GROUP_COLUMNS = sql.raw(`user_id || '|' || item_id || '|' || plaid_account_id || '|' || month::text || '|' || coalesce(currency, '∅') || '|' ||
  coalesce(category_primary, '∅') || '|' || coalesce(category_id::text, '∅') || '|' || pending::text || '|' || count::text || '|' ||
  trim_scale(money_in)::text || '|' || trim_scale(money_out)::text`);

/**
 * What reports count, line by line (counted-lines.ts: the read models' correlated fragments rather
 * than the maintenance's joins), with the columns the totals group by.
 */
const t = plaidTransactions;
const countedLines = sql`
  select ${t.userId} as user_id, ${t.itemId} as item_id, ${t.plaidAccountId} as plaid_account_id, ${t.date} as date,
    coalesce(${t.isoCurrencyCode}, ${t.unofficialCurrencyCode}) as currency, ${t.pending} as pending,
    line.category_id, line.category_primary, line.amount
  from ${t} ${countedLinesJoin}
  where ${notHidden}`;

/** transaction_month_totals as stored, one sorted text line per group. */
export async function storedMonthTotals(db: Queryable): Promise<string[]> {
  const rows = await queryRows<Line>(db, sql`select ${GROUP_COLUMNS} as line from transaction_month_totals`);
  return rows.map((row) => row.line).sort();
}

/** The same groups recomputed now with a plain GROUP BY over what reports count. */
export async function recomputedMonthTotals(db: Queryable): Promise<string[]> {
  const rows = await queryRows<Line>(
    db,
    sql`select ${GROUP_COLUMNS} as line from (
      select user_id, item_id, plaid_account_id, date_trunc('month', date)::date as month, currency, category_primary, category_id, pending, count(*) as count,
        coalesce(sum(-amount) filter (where amount < 0), 0) as money_in, coalesce(sum(amount) filter (where amount > 0), 0) as money_out
      from (${countedLines}) as l group by 1, 2, 3, 4, 5, 6, 7, 8) as g`,
  );
  return rows.map((row) => row.line).sort();
}

const countsAsSpendingOrIncome = sql`(category_primary is null or category_primary not in (${sql.join(
  NOT_SPENDING_OR_INCOME.map((name) => sql`${name}`),
  sql`, `,
)}))`;

/** The overview's cash flow from the rows (what readCashFlow answered before the month totals). */
export async function cashFlowFromRows(db: Queryable, userId: string, now: Date): Promise<CurrencyCashFlow[]> {
  const months = lastMonths(now, CASH_FLOW_MONTHS);
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last) return [];
  const rows = await queryRows<CashFlowRow & Record<string, unknown>>(
    db,
    sql`select to_char(date, 'YYYY-MM') as month, currency, pending,
        coalesce(sum(case when amount > 0 then amount else 0 end), 0)::text as spending,
        coalesce(sum(case when amount < 0 then -amount else 0 end), 0)::text as income
      from (${countedLines}) as l
      where user_id = ${userId} and date >= ${first.start}::date and date < ${last.end}::date and ${countsAsSpendingOrIncome}
      group by 1, 2, 3`,
  );
  return cashFlowByCurrency(months, rows);
}

/** This month's spending by category from the rows (what readSpendingByCategory answered before). */
export async function spendingByCategoryFromRows(db: Queryable, userId: string, now: Date): Promise<CategorySpending[]> {
  const range = monthRange(now);
  return queryRows<CategorySpending & Record<string, unknown>>(
    db,
    sql`select l.currency, l.category_id as "categoryId", coalesce(c.name, ${humanisedPrimary(sql`l.category_primary`)}) as category, sum(l.amount)::text as amount
      from (${countedLines}) as l left join categories c on c.id = l.category_id
      where l.user_id = ${userId} and not l.pending and l.amount > 0 and l.date >= ${range.start}::date and l.date < ${range.end}::date and ${countsAsSpendingOrIncome}
      group by l.currency, l.category_id, 3
      order by sum(l.amount) desc, l.currency, 3`,
  );
}

/** A decimal string as exact cents (amounts here have at most two decimals): "12.5" and "12.50" agree. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = amount.replace("-", "").split(".");
  const value = BigInt(whole) * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}
