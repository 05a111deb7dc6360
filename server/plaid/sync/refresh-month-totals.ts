import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";

/**
 * The one GROUP BY that defines transaction_month_totals (migration 0020 backfills with the same):
 * what reports count, per user, item, account, month, currency, effective category and pending:
 * the line count and the money in and out as positive magnitudes. Sums stay numeric: exact.
 *
 * What reports count (issue 16): hidden transactions not at all; a transaction that is not split
 * once, in its effective category (manual over rule over its seeded Plaid primary, forwarded by a
 * merge); a split one as its parts, each in its own category. If Plaid changed a split
 * transaction's amount after it was split, the difference is counted in the transaction's own
 * category, so the totals still add up to what the bank says while the split waits to be fixed.
 * category_primary is the effective category's Plaid primary (what the transfer rule reads): a
 * transfer recategorised as groceries is spending, a coffee recategorised as a transfer is not.
 */
const groupedTotals = (where: SQL) => sql`
  insert into transaction_month_totals (user_id, item_id, plaid_account_id, month, currency, category_primary, category_id, pending, count, money_in, money_out)
  with txn as (
    select t.plaid_transaction_id, t.user_id, t.item_id, t.plaid_account_id, date_trunc('month', t.date)::date as month,
      coalesce(t.iso_currency_code, t.unofficial_currency_code) as currency, t.pending, t.amount, t.category_primary,
      coalesce(o.category_id, o.rule_category_id, s.merged_into_id, s.id) as category_id
    from plaid_transactions t
    left join transaction_overrides o on o.plaid_transaction_id = t.plaid_transaction_id
    left join categories s on s.user_id = t.user_id and s.plaid_primary = t.category_primary
    where ${where} and not coalesce(o.hidden, o.rule_hidden, false)
  ),
  parts as (
    select p.plaid_transaction_id, p.category_id, p.amount from transaction_splits p join txn on txn.plaid_transaction_id = p.plaid_transaction_id
  ),
  split_totals as (select plaid_transaction_id, sum(amount) as total from parts group by 1),
  lines as (
    select txn.user_id, txn.item_id, txn.plaid_account_id, txn.month, txn.currency, txn.pending, txn.category_primary, txn.category_id,
      txn.amount - coalesce(st.total, 0) as amount
    from txn left join split_totals st on st.plaid_transaction_id = txn.plaid_transaction_id
    where st.total is null or st.total <> txn.amount
    union all
    select txn.user_id, txn.item_id, txn.plaid_account_id, txn.month, txn.currency, txn.pending, null, parts.category_id, parts.amount
    from parts join txn on txn.plaid_transaction_id = parts.plaid_transaction_id
  )
  select l.user_id, l.item_id, l.plaid_account_id, l.month, l.currency,
    case when l.category_id is null then l.category_primary else c.plaid_primary end, l.category_id, l.pending, count(*)::int,
    coalesce(-sum(l.amount) filter (where l.amount < 0), 0), coalesce(sum(l.amount) filter (where l.amount > 0), 0)
  from lines l left join categories c on c.id = l.category_id
  group by 1, 2, 3, 4, 5, 6, 7, 8`;

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

/**
 * Recomputes the (item, month) totals of the months where the user's transactions matching
 * `condition` (on plaid_transactions as `t`) are dated. For edits, which never change a date:
 * call it in the edit's transaction, after the edit.
 */
export async function refreshMonthTotalsWhere(tx: Queryable, userId: string, condition: SQL): Promise<void> {
  const touched = await queryRows<{ item_id: string; months: string }>(
    tx,
    sql`select t.item_id::text as item_id, string_agg(distinct to_char(t.date, 'YYYY-MM-01'), ',') as months
      from plaid_transactions t where t.user_id = ${userId} and (${condition}) group by t.item_id`,
  );
  for (const { item_id: itemId, months } of touched) await refreshMonthTotals(tx, { userId, itemId }, months.split(","));
}

/**
 * After an edit of these transactions (category, hidden, split, a rule's values): recomputes their
 * months' totals in the caller's transaction, so the edit and the totals commit together. Ids of
 * another user's transactions are ignored.
 */
export async function refreshMonthTotalsForTransactions(tx: Queryable, userId: string, transactionIds: readonly string[]): Promise<void> {
  if (transactionIds.length === 0) return;
  // One JSON parameter however many ids (a bulk edit may name thousands).
  await refreshMonthTotalsWhere(tx, userId, sql`t.plaid_transaction_id in (select jsonb_array_elements_text(${JSON.stringify(transactionIds)}::jsonb))`);
}

/** Every item of the user: after merging or deleting a category, which may move any month. */
export async function rebuildUserMonthTotals(tx: Queryable, userId: string): Promise<void> {
  const items = await queryRows<{ id: string }>(tx, sql`select id::text as id from plaid_items where user_id = ${userId}`);
  for (const item of items) await rebuildMonthTotals(tx, item.id);
}
