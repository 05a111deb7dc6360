import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";

/**
 * The one GROUP BY that defines transaction_month_totals (migration 0015 backfills with the same):
 * per user, item, account, month, currency, category and pending, the row count and the money in
 * and out as positive magnitudes. Sums stay numeric: exact, never a float.
 */
const groupedTotals = (where: SQL) => sql`
  insert into transaction_month_totals (user_id, item_id, plaid_account_id, month, currency, category_primary, pending, count, money_in, money_out)
  select t.user_id, t.item_id, t.plaid_account_id, date_trunc('month', t.date)::date, coalesce(t.iso_currency_code, t.unofficial_currency_code),
    t.category_primary, t.pending, count(*)::int, coalesce(-sum(t.amount) filter (where t.amount < 0), 0), coalesce(sum(t.amount) filter (where t.amount > 0), 0)
  from plaid_transactions t
  where ${where}
  group by 1, 2, 3, 4, 5, 6, 7`;

const MONTHS_BEFORE_REBUILD = 6;

/** "2026-12-01" → "2027-01-01" */
function nextMonth(first: string): string {
  const [year = 0, month = 1] = first.split("-").map(Number);
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

/**
 * Recomputes one item's month totals for `months` (first days, YYYY-MM-01) from plaid_transactions,
 * in the caller's transaction: what a writer calls after changing rows dated in those months (a
 * modified row's old month included), so the totals commit with the rows or not at all.
 */
export async function refreshMonthTotals(tx: Queryable, owner: { userId: string; itemId: string }, months: Iterable<string>): Promise<void> {
  const list = [...new Set(months)].sort();
  if (list.length === 0) return;
  // A first or historical sync touches every month: one pass over the item's rows is cheaper
  // than testing each row against many ranges (and recomputing an untouched month changes nothing).
  if (list.length > MONTHS_BEFORE_REBUILD) return rebuildMonthTotals(tx, owner.itemId);
  // One parameter however many months: a text list cast to date[].
  await tx.execute(sql`delete from transaction_month_totals where item_id = ${owner.itemId}::uuid and month = any(string_to_array(${list.join(",")}, ',')::date[])`);
  // Each month as its own date range, written out: the planner then reads those ranges of the
  // (user, date) index (a daily sync reads this month's rows, not the item's history); given the
  // months as an array to join it scanned the whole item.
  const ranges = sql.join(
    list.map((month) => sql`(t.date >= ${month}::date and t.date < ${nextMonth(month)}::date)`),
    sql` or `,
  );
  await tx.execute(groupedTotals(sql`t.user_id = ${owner.userId} and t.item_id = ${owner.itemId}::uuid and (${ranges})`));
}

/**
 * Recomputes every month of one item: for writers that do not track which months they touched
 * (test fixtures inserting rows directly). The sync uses refreshMonthTotals.
 */
export async function rebuildMonthTotals(db: Queryable, itemId: string): Promise<void> {
  await db.execute(sql`delete from transaction_month_totals where item_id = ${itemId}::uuid`);
  await db.execute(groupedTotals(sql`t.item_id = ${itemId}::uuid`));
}
