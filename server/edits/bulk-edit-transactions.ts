import { and, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidTransactions as t } from "@/db/schema";
import { refreshMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { transactionFilterConditions } from "@/server/finance/transaction-filters";
import type { BulkEdit } from "./edit-schemas";
import { assertOwnedCategories } from "./find-owned";

const textArray = (values: readonly string[]) => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::text[]`;

/**
 * Sets a category, hidden, or adds/removes tags on many transactions in ONE statement: the
 * selected ids, or every transaction the explorer's filters match (the same filter builder as the
 * list, so "all 4,213 matching" means exactly those). The statement upserts the overrides rows and
 * answers the (item, month)s it touched; their totals are recomputed in the same transaction.
 * Ids of another user's transactions match nothing. Answers how many transactions changed.
 */
export async function bulkEditTransactions(db: Database, userId: string, edit: BulkEdit): Promise<{ updated: number }> {
  return db.transaction(async (tx) => {
    if (edit.categoryId) await assertOwnedCategories(tx, userId, [edit.categoryId]);
    const conditions: SQL[] =
      "ids" in edit.target
        ? [sql`${t.userId} = ${userId}`, sql`${t.plaidTransactionId} in (select jsonb_array_elements_text(${JSON.stringify(edit.target.ids)}::jsonb))`]
        : await transactionFilterConditions(tx, userId, edit.target.filters);
    const setCategory = edit.categoryId !== undefined;
    const setHidden = edit.hidden !== undefined;
    const add = edit.addTags ?? [];
    const remove = edit.removeTags ?? [];
    // Tags: the row's own, plus the added, minus the removed, sorted without repeats.
    const tags = (current: SQL) =>
      sql`array(select distinct tag from unnest(${current} || ${textArray(add)}) as tag where tag <> all(${textArray(remove)}) order by tag)`;
    const [result] = await queryRows<{ updated: number; touched: string | null }>(
      tx,
      sql`with edited as (
          insert into transaction_overrides as o (plaid_transaction_id, user_id, category_id, hidden, tags)
          select ${t.plaidTransactionId}, ${userId}, ${setCategory ? sql`${edit.categoryId ?? null}::uuid` : sql`null::uuid`},
            ${setHidden ? sql`${edit.hidden ?? null}::boolean` : sql`null::boolean`}, ${tags(sql`'{}'::text[]`)}
          from ${t} where ${and(...conditions)}
          on conflict (plaid_transaction_id) do update set
            category_id = ${setCategory ? sql`excluded.category_id` : sql`o.category_id`},
            hidden = ${setHidden ? sql`excluded.hidden` : sql`o.hidden`},
            tags = ${tags(sql`o.tags`)},
            updated_at = now()
          -- An id is Plaid-global: never edit a row of another user's that happens to be keyed the same.
          where o.user_id = ${userId}
          returning plaid_transaction_id
        )
        select (select count(*) from edited)::int as updated,
          (select string_agg(distinct tx.item_id::text || '|' || to_char(tx.date, 'YYYY-MM-01'), ',')
            from plaid_transactions tx join edited on edited.plaid_transaction_id = tx.plaid_transaction_id) as touched`,
    );
    if (setCategory || setHidden) {
      const months = new Map<string, string[]>();
      for (const pair of result?.touched?.split(",") ?? []) {
        const [itemId = "", month = ""] = pair.split("|");
        months.set(itemId, [...(months.get(itemId) ?? []), month]);
      }
      for (const [itemId, list] of months) await refreshMonthTotals(tx, { userId, itemId }, list);
    }
    return { updated: Number(result?.updated ?? 0) };
  });
}
