import { sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import type { SyncTarget } from "./apply-sync-changes";

/**
 * Before a sync's removals delete rows (and, by the foreign keys, the person's edits and splits
 * with them), in the sync's transaction:
 *
 * - Pending → posted: a removed pending transaction whose posted successor (a row whose
 *   pending_transaction_id is the pending id) arrives in this sync or is already stored gets the
 *   person's edits and split moved onto it. The posted row is written first from the staged data
 *   (the apply then upserts it with the same values), the overrides are merged into the posted
 *   row's (a value already set there, e.g. by a rule, stays; the person's manual values fill it),
 *   the split moves unless the posted row has its own. Nothing is copied twice: the pending row
 *   and anything left on it go with the removal.
 * - A split transaction removed without a successor leaves a notice for the person, since the
 *   parts they typed disappear with it.
 *
 * Costs one pass over the attempt's removals when nobody edited a removed row (the usual case).
 */
export async function carryEditsThroughRemovals(tx: Transaction, target: SyncTarget, attempt: string): Promise<void> {
  const staged = sql`sync_staged_transactions s where s.item_id = ${target.itemId}::uuid and s.attempt = ${attempt}::uuid`;
  // Removed rows (their last operation in this attempt) that carry an edit or a split.
  const edited = await queryRows<{ id: string }>(
    tx,
    sql`select distinct s.plaid_transaction_id as id from ${staged} and s.removed
      and not exists (select 1 from sync_staged_transactions later where later.item_id = s.item_id and later.attempt = s.attempt
        and later.plaid_transaction_id = s.plaid_transaction_id and later.seq > s.seq)
      and exists (select 1 from plaid_transactions t where t.plaid_transaction_id = s.plaid_transaction_id and t.item_id = ${target.itemId}::uuid)
      and (exists (select 1 from transaction_overrides o where o.plaid_transaction_id = s.plaid_transaction_id)
        or exists (select 1 from transaction_splits p where p.plaid_transaction_id = s.plaid_transaction_id))`,
  );
  if (edited.length === 0) return;
  const ids = sql`(select jsonb_array_elements_text(${JSON.stringify(edited.map((row) => row.id))}::jsonb))`;

  // The posted successors this sync brings, as their last staged operation: stored now so the
  // edits can point at them.
  await tx.execute(sql`
    insert into plaid_transactions (plaid_transaction_id, item_id, user_id, plaid_account_id, amount, iso_currency_code, unofficial_currency_code,
      date, authorized_date, name, merchant_name, category_primary, category_detailed, category_confidence, pending, pending_transaction_id, payment_channel)
    select n.plaid_transaction_id, ${target.itemId}::uuid, ${target.userId}, n.plaid_account_id, n.amount, n.iso_currency_code, n.unofficial_currency_code,
      n.date, n.authorized_date, n.name, n.merchant_name, n.category_primary, n.category_detailed, n.category_confidence, n.pending, n.pending_transaction_id, n.payment_channel
    from (
      select distinct on (s.plaid_transaction_id) s.* from ${staged}
        and s.plaid_transaction_id in (select c.plaid_transaction_id from sync_staged_transactions c
          where c.item_id = ${target.itemId}::uuid and c.attempt = ${attempt}::uuid and c.pending_transaction_id in ${ids})
      order by s.plaid_transaction_id, s.seq desc
    ) as n
    where not n.removed and n.pending_transaction_id in ${ids}
    on conflict (plaid_transaction_id) do nothing`);

  // Each removed pending row and its posted successor (stored now, by this sync or an earlier one).
  const pairs = sql`(select distinct on (p.pending_transaction_id) p.pending_transaction_id as pending_id, p.plaid_transaction_id as posted_id
    from plaid_transactions p where p.user_id = ${target.userId} and p.pending_transaction_id in ${ids} and p.plaid_transaction_id not in ${ids}
    order by p.pending_transaction_id, p.plaid_transaction_id)`;
  await tx.execute(sql`
    insert into transaction_overrides as o (plaid_transaction_id, user_id, category_id, display_name, note, tags, hidden,
      rule_category_id, rule_display_name, rule_tags, rule_hidden)
    select pair.posted_id, e.user_id, e.category_id, e.display_name, e.note, e.tags, e.hidden, e.rule_category_id, e.rule_display_name, e.rule_tags, e.rule_hidden
    from transaction_overrides e join ${pairs} as pair on pair.pending_id = e.plaid_transaction_id
    on conflict (plaid_transaction_id) do update set
      category_id = coalesce(o.category_id, excluded.category_id), display_name = coalesce(o.display_name, excluded.display_name),
      note = coalesce(o.note, excluded.note), hidden = coalesce(o.hidden, excluded.hidden),
      tags = array(select distinct tag from unnest(o.tags || excluded.tags) as tag order by tag),
      rule_category_id = coalesce(o.rule_category_id, excluded.rule_category_id), rule_display_name = coalesce(o.rule_display_name, excluded.rule_display_name),
      rule_tags = case when cardinality(o.rule_tags) > 0 then o.rule_tags else excluded.rule_tags end, rule_hidden = coalesce(o.rule_hidden, excluded.rule_hidden),
      updated_at = now()
    where o.user_id = excluded.user_id`);
  await tx.execute(sql`
    update transaction_splits sp set plaid_transaction_id = pair.posted_id, updated_at = now()
    from ${pairs} as pair
    where sp.plaid_transaction_id = pair.pending_id
      and not exists (select 1 from transaction_splits own where own.plaid_transaction_id = pair.posted_id)`);

  // What still has a split now is removed for good: tell the person what went.
  await tx.execute(sql`
    insert into transaction_notices (user_id, kind, message, details)
    select t.user_id, 'split_removed',
      'Your bank removed ' || coalesce(t.merchant_name, t.name) || ' of ' || to_char(t.date, 'YYYY-MM-DD') || ', which you had split into '
        || count(sp.id)::text || ' parts. The transaction and its split are gone.',
      jsonb_build_object('transactionId', t.plaid_transaction_id, 'name', coalesce(t.merchant_name, t.name), 'date', t.date::text,
        'amount', t.amount::text, 'currency', coalesce(t.iso_currency_code, t.unofficial_currency_code), 'parts', count(sp.id))
    from plaid_transactions t join transaction_splits sp on sp.plaid_transaction_id = t.plaid_transaction_id
    where t.plaid_transaction_id in ${ids} and t.item_id = ${target.itemId}::uuid
    group by t.plaid_transaction_id`);
}
