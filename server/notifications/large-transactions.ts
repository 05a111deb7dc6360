import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { notify } from "./notify";

/**
 * The rule, in one place. A transaction is "unusually large" when it is:
 * - money out (Plaid's positive amount), posted (a pending one would notify again when it posts),
 *   dated within the last LOOKBACK_DAYS (an imported history is not news);
 * - at least FLOOR in the account's currency (small accounts' "3× a coffee" is not news);
 * - more than MULTIPLE × the median money-out of the same account over the HISTORY_DAYS before
 *   that window, counted only when there are at least MIN_HISTORY such transactions and the item's
 *   full history is in (before that, "usual" is a guess);
 * - not a repeat: no payment to the same payee of at least half the amount in that history (the
 *   monthly rent is large, but it is not news).
 * Evaluated after every successful sync of the item; the dedupe key is the transaction id, so a
 * repeated evaluation never notifies twice.
 */
export const LARGE_TRANSACTION_RULE = { multiple: 3, floor: "250", lookbackDays: 3, historyDays: 90, minHistory: 10 } as const;

interface LargeRow extends Record<string, unknown> {
  plaid_transaction_id: string;
  user_id: string;
  payee: string;
  date: string;
  account_name: string;
}

export async function findLargeTransactions(db: Queryable, itemId: string, rule = LARGE_TRANSACTION_RULE): Promise<LargeRow[]> {
  return queryRows<LargeRow>(
    db,
    sql`with recent as (
          select t.plaid_transaction_id, t.plaid_account_id, t.user_id, t.amount, t.date,
            coalesce(t.merchant_name, t.name) as payee
          from plaid_transactions t
          join plaid_items i on i.id = t.item_id and i.historical_update_complete
          where t.item_id = ${itemId} and not t.pending and t.amount > 0
            and t.date >= current_date - ${rule.lookbackDays}::int and t.amount >= ${rule.floor}::numeric
        ),
        usual as (
          select h.plaid_account_id, percentile_cont(0.5) within group (order by h.amount) as median, count(*) as n
          from plaid_transactions h
          where h.item_id = ${itemId} and not h.pending and h.amount > 0
            and h.plaid_account_id in (select plaid_account_id from recent)
            and h.date >= current_date - ${rule.lookbackDays + rule.historyDays}::int and h.date < current_date - ${rule.lookbackDays}::int
          group by h.plaid_account_id
        )
        select r.plaid_transaction_id, r.user_id, r.payee, r.date::text as date, a.name as account_name
        from recent r
        join usual u on u.plaid_account_id = r.plaid_account_id
        join plaid_accounts a on a.plaid_account_id = r.plaid_account_id
        where u.n >= ${rule.minHistory}::int and r.amount > ${rule.multiple}::numeric * u.median::numeric
          and not exists (
            select 1 from plaid_transactions p
            where p.plaid_account_id = r.plaid_account_id and not p.pending and coalesce(p.merchant_name, p.name) = r.payee
              and p.amount >= r.amount / 2
              and p.date >= current_date - ${rule.lookbackDays + rule.historyDays}::int and p.date < current_date - ${rule.lookbackDays}::int
          )
        order by r.date, r.plaid_transaction_id`,
  );
}

const shortDate = (day: string) => new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

/** After a sync: notifies each transaction the rule calls unusually large (no amount in the text). */
export async function notifyLargeTransactions(db: Queryable, itemId: string): Promise<number> {
  let written = 0;
  for (const row of await findLargeTransactions(db, itemId)) {
    const outcome = await notify(db, {
      userId: row.user_id,
      kind: "large_transaction",
      dedupeKey: `large_transaction:${row.plaid_transaction_id}`,
      title: `Unusually large payment to ${row.payee}`,
      body: `A payment to ${row.payee} on ${shortDate(row.date)} from ${row.account_name} is much larger than this account usually spends at once.`,
      linkPath: `/transactions?q=${encodeURIComponent(row.payee)}&from=${row.date}&to=${row.date}`,
    });
    if (outcome.status === "written") written += 1;
  }
  return written;
}
