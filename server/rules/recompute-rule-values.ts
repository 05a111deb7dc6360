import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { refreshMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { foldedTextColumns } from "./compile-rule-condition";
import { compileRuleSet } from "./compile-rule-set";
import type { LoadedRuleSet } from "./load-rules";

// Whether what a person sees changes (manual values over rule values), comparing the new rule
// values in `v` with the stored row `o`.
const visibleChange = sql`(coalesce(o.category_id, v.rule_category_id) is distinct from coalesce(o.category_id, o.rule_category_id)
        or coalesce(o.display_name, v.rule_display_name) is distinct from coalesce(o.display_name, o.rule_display_name)
        or coalesce(o.hidden, v.rule_hidden, false) is distinct from coalesce(o.hidden, o.rule_hidden, false)
        or (select array_agg(distinct tag order by tag) from unnest(coalesce(o.tags, '{}'::text[]) || v.rule_tags) as tag)
          is distinct from (select array_agg(distinct tag order by tag) from unnest(coalesce(o.tags, '{}'::text[]) || coalesce(o.rule_tags, '{}'::text[])) as tag)
)`;

/**
 * The rows in `scope` (a predicate on plaid_transactions `t`, always within the user's rows) with
 * the rule values the user's enabled rules give them, kept only where those differ from what is
 * stored (`d`), and whether the difference is one a person sees (`visible`): a manual value over
 * the rule value hides a change underneath it.
 */
function changedRows(userId: string, ruleSet: LoadedRuleSet, scope: SQL, options: { visible: boolean } = { visible: true }): SQL {
  const compiled = compileRuleSet({ ...ruleSet, context: { ...ruleSet.context, folded: true } });
  // Materialised: each rule's predicate is evaluated once per row, then read by several CASEs.
  return sql`
    m as materialized (
      select t.plaid_transaction_id, t.user_id, t.item_id, t.date, ${compiled.matchColumns}
      from (
        select t.plaid_transaction_id, t.user_id, t.item_id, t.date, t.amount, t.plaid_account_id, t.category_primary, t.category_detailed, ${foldedTextColumns}
        from plaid_transactions t
        where t.user_id = ${userId} and (${scope})
      ) as t
    ),
    v as (
      select m.plaid_transaction_id, m.user_id, m.item_id, m.date, ${compiled.ruleCategoryId} as rule_category_id,
        ${compiled.ruleDisplayName} as rule_display_name, ${compiled.ruleTags} as rule_tags, ${compiled.ruleHidden} as rule_hidden
      from m
    ),
    d as (
      select v.*, ${options.visible ? visibleChange : sql`false`} as visible
      from v left join transaction_overrides o on o.plaid_transaction_id = v.plaid_transaction_id
      where v.rule_category_id is distinct from o.rule_category_id
        or v.rule_display_name is distinct from o.rule_display_name
        or v.rule_tags is distinct from coalesce(o.rule_tags, '{}'::text[])
        or v.rule_hidden is distinct from o.rule_hidden
    )`;
}

export interface RecomputeOutcome {
  /** Transactions whose rule values were rewritten. */
  written: number;
  /** Of those, the ones where what a person sees changed (no manual value above the rule's); 0 without refreshTotals. */
  changed: number;
}

/**
 * How many transactions in `scope` would look different after a recompute: the preview count
 * ("apply to 4,213 past transactions"). Reads only.
 */
export async function countRuleChanges(db: Queryable, userId: string, ruleSet: LoadedRuleSet, scope: SQL): Promise<number> {
  const [row] = await queryRows<{ changed: number }>(db, sql`with ${changedRows(userId, ruleSet, scope)} select count(*) filter (where visible)::int as changed from d`);
  return Number(row?.changed ?? 0);
}

/** The one statement of recomputeRuleValues (exported for EXPLAIN in benchmarks). */
export function recomputeStatement(userId: string, ruleSet: LoadedRuleSet, scope: SQL, visible: boolean): SQL {
  return sql`with ${changedRows(userId, ruleSet, scope, { visible })},
    written as (
      insert into transaction_overrides as o (plaid_transaction_id, user_id, rule_category_id, rule_display_name, rule_tags, rule_hidden)
      select plaid_transaction_id, user_id, rule_category_id, rule_display_name, rule_tags, rule_hidden from d
      on conflict (plaid_transaction_id) do update set
        rule_category_id = excluded.rule_category_id, rule_display_name = excluded.rule_display_name,
        rule_tags = excluded.rule_tags, rule_hidden = excluded.rule_hidden, updated_at = now()
      -- The same user's row only: an override row is keyed by a Plaid-global id.
      where o.user_id = excluded.user_id
      returning 1
    )
    select (select count(*) from written)::int as written, (select count(*) from d where visible)::int as changed,
      (select coalesce(string_agg(distinct d.item_id::text || '|' || to_char(d.date, 'YYYY-MM-01'), ','), '') from d where visible) as months`;
}

/**
 * Rewrites the rule_* values of every transaction in `scope` from the user's enabled rules, in one
 * statement: values are recomputed, never accumulated, so a rule's effects end with the rule.
 * Manual values are never touched. With `refreshTotals` the month totals of the (item, month)s
 * where something visible changed are recomputed too, in the caller's transaction; the sync
 * passes false because it refreshes its touched months right after.
 */
export async function recomputeRuleValues(tx: Queryable, userId: string, ruleSet: LoadedRuleSet, scope: SQL, options: { refreshTotals: boolean }): Promise<RecomputeOutcome> {
  // The sync needs neither the visible count nor the months (it refreshes its own right after).
  const [row] = await queryRows<{ written: number; changed: number; months: string }>(tx, recomputeStatement(userId, ruleSet, scope, options.refreshTotals));
  if (options.refreshTotals && row?.months) {
    const byItem = new Map<string, string[]>();
    for (const pair of row.months.split(",")) {
      const [itemId = "", month = ""] = pair.split("|");
      byItem.set(itemId, [...(byItem.get(itemId) ?? []), month]);
    }
    for (const [itemId, months] of byItem) await refreshMonthTotals(tx, { userId, itemId }, months);
  }
  return { written: Number(row?.written ?? 0), changed: Number(row?.changed ?? 0) };
}

/** Scopes for recomputing: the user's whole history, or only the rows some rule currently marks. */
export const everyTransaction: SQL = sql`true`;
export const markedByRules: SQL = sql`exists (select 1 from transaction_overrides r where r.plaid_transaction_id = t.plaid_transaction_id
  and (r.rule_category_id is not null or r.rule_display_name is not null or r.rule_hidden is not null or cardinality(r.rule_tags) > 0))`;
