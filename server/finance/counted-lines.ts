/**
 * What reports count, line by line, over plaid_transactions (unaliased): a LATERAL that turns each
 * transaction into its counted lines. A transaction not split is one line in its effective
 * category; a split one is its parts, each in its own category, plus one line in its own category
 * for whatever amount the parts no longer cover (Plaid changed the amount after the split).
 * Hidden transactions are left out by `notHidden` in the WHERE. The month totals apply the same
 * definition with joins (server/plaid/sync/refresh-month-totals.ts); tests hold them equal.
 */
import { sql, type SQL } from "drizzle-orm";
import { effectiveCategoryId, effectiveCategoryPrimary, outer } from "./effective-category";

const splitTotal = sql`(select sum(p.amount) from transaction_splits p where p.plaid_transaction_id = ${outer.id})`;

/** `cross join lateral (…) as line`: line.category_id, line.category_primary, line.amount (Plaid's sign). */
export const countedLinesJoin: SQL = sql`cross join lateral (
    select p.category_id, (select c.plaid_primary from categories c where c.id = p.category_id) as category_primary, p.amount
    from transaction_splits p where p.plaid_transaction_id = ${outer.id}
    union all
    select ${effectiveCategoryId}, ${effectiveCategoryPrimary}, ${outer.amount} - coalesce(${splitTotal}, 0)
    where ${splitTotal} is null or ${splitTotal} <> ${outer.amount}
  ) as line`;
