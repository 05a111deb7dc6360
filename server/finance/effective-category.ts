/**
 * What a person decided about a transaction, as SQL fragments over plaid_transactions (unaliased,
 * as `plaid_transactions`), for every read that shows or counts transactions: the explorer, the
 * export, recurring, the overview's lists. The month totals apply the same definitions with joins
 * (server/plaid/sync/refresh-month-totals.ts); the oracle (testing/month-totals-oracle.ts) checks
 * both agree.
 *
 * Each fragment is a correlated lookup by primary key or unique index, so it costs one index probe
 * per row it is evaluated for: cheap for a page of rows, and the planner skips it for rows a WHERE
 * on other columns already rejected. Definitions (db/schema/money.ts):
 *   category  = coalesce(manual, rule, the seeded category of Plaid's primary, forwarded by merges)
 *   name      = coalesce(manual display name, rule display name)  (null: show Plaid's)
 *   hidden    = coalesce(manual, rule, false)
 *   tags      = manual tags ∪ rule tags
 */
import { sql, type SQL } from "drizzle-orm";
import { plaidTransactions as t } from "@/db/schema";

/**
 * The outer row's columns, always qualified: Drizzle writes a column at the top of a select's
 * fragment unqualified ("plaid_transaction_id"), which inside a subquery would bind to the
 * subquery's own table and match every row.
 */
export const outer = {
  id: sql.raw(`"plaid_transactions"."plaid_transaction_id"`),
  userId: sql.raw(`"plaid_transactions"."user_id"`),
  categoryPrimary: sql.raw(`"plaid_transactions"."category_primary"`),
  amount: sql.raw(`"plaid_transactions"."amount"`),
};

const override = (expression: SQL): SQL => sql`(select ${expression} from transaction_overrides o where o.plaid_transaction_id = ${outer.id})`;

/** The seeded category of the transaction's Plaid primary, after a merge forwarded it. */
const seededCategoryId: SQL = sql`(select coalesce(s.merged_into_id, s.id) from categories s where s.user_id = ${outer.userId} and s.plaid_primary = ${outer.categoryPrimary})`;

/** categories.id of the effective category; null only for a transaction Plaid left uncategorised and nobody categorised. */
export const effectiveCategoryId: SQL<string | null> = sql<string | null>`coalesce(${override(sql`coalesce(o.category_id, o.rule_category_id)`)}, ${seededCategoryId})`;

/** The effective category's name as the user sees it ("Food and drink", "Kids"). */
export const effectiveCategoryName: SQL<string | null> = sql<string | null>`(select c.name from categories c where c.id = ${effectiveCategoryId})`;

/** The effective category's Plaid primary: null for a category the user made, Plaid's own when there is no effective category. */
export const effectiveCategoryPrimary: SQL<string | null> = sql<string | null>`coalesce((select c.plaid_primary from categories c where c.id = ${effectiveCategoryId}), case when ${effectiveCategoryId} is null then ${outer.categoryPrimary} end)`;

/** The name the user (or a rule) gave the transaction; null means show Plaid's merchant or name. */
export const effectiveDisplayName: SQL<string | null> = sql<string | null>`${override(sql`coalesce(o.display_name, o.rule_display_name)`)}`;

/** What the list shows as the transaction's name: the display name, else the merchant, else Plaid's name. */
export const shownName: SQL<string> = sql<string>`coalesce(${effectiveDisplayName}, ${t.merchantName}, ${t.name})`;

export const effectiveNote: SQL<string | null> = sql<string | null>`${override(sql`o.note`)}`;

/** Hidden from reports: left out of every total, still listed (marked) in the explorer. */
export const effectiveHidden: SQL<boolean> = sql<boolean>`coalesce(${override(sql`coalesce(o.hidden, o.rule_hidden)`)}, false)`;

/** Manual and rule tags together, sorted, without repeats; [] when none. */
export const effectiveTags: SQL<string[]> = sql<string[]>`coalesce(${override(sql`(select jsonb_agg(distinct tag order by tag) from unnest(o.tags || o.rule_tags) as tag)`)}, '[]'::jsonb)`;

/** True when the transaction is split into parts (reports count the parts). */
export const isSplit: SQL<boolean> = sql<boolean>`exists (select 1 from transaction_splits p where p.plaid_transaction_id = ${outer.id})`;

/** Counted by reports: not hidden. */
export const notHidden: SQL = sql`not ${effectiveHidden}`;
