import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidTransactions as t, transactionOverrides, transactionSplits } from "@/db/schema";
import { effectiveCategoryId, effectiveCategoryName, effectiveHidden, effectiveTags, shownName } from "./effective-category";

export interface TransactionEditView {
  id: string;
  date: string;
  /** Plaid's own name and merchant, and the name shown (the person's, a rule's, or Plaid's). */
  name: string;
  merchantName: string | null;
  shownName: string;
  /** Plaid's sign: positive = money out. Decimal string. */
  amount: string;
  currency: string | null;
  pending: boolean;
  plaidCategory: string | null;
  categoryId: string | null;
  categoryName: string | null;
  hidden: boolean;
  tags: string[];
  /** What the person set themselves (null: not set); what the form edits. */
  manual: { categoryId: string | null; displayName: string | null; note: string | null; tags: string[]; hidden: boolean | null };
  parts: { categoryId: string | null; amount: string; note: string | null }[];
}

/** One of the user's transactions with everything the edit panel shows; null when not theirs. */
export async function readTransactionEditView(db: Queryable, userId: string, id: string): Promise<TransactionEditView | null> {
  const o = transactionOverrides;
  const [row] = await db
    .select({
      id: t.plaidTransactionId,
      date: t.date,
      name: t.name,
      merchantName: t.merchantName,
      shownName,
      amount: t.amount,
      currency: t.isoCurrencyCode,
      unofficialCurrency: t.unofficialCurrencyCode,
      pending: t.pending,
      plaidCategory: t.categoryPrimary,
      categoryId: effectiveCategoryId,
      categoryName: effectiveCategoryName,
      hidden: effectiveHidden,
      tags: effectiveTags,
      manualCategoryId: o.categoryId,
      manualDisplayName: o.displayName,
      manualNote: o.note,
      manualTags: o.tags,
      manualHidden: o.hidden,
    })
    .from(t)
    .leftJoin(o, eq(o.plaidTransactionId, t.plaidTransactionId))
    .where(and(eq(t.plaidTransactionId, id), eq(t.userId, userId)));
  if (!row) return null;
  const parts = await db
    .select({ categoryId: transactionSplits.categoryId, amount: transactionSplits.amount, note: transactionSplits.note })
    .from(transactionSplits)
    .where(and(eq(transactionSplits.plaidTransactionId, id), eq(transactionSplits.userId, userId)))
    .orderBy(asc(transactionSplits.position));
  return {
    id: row.id,
    date: row.date,
    name: row.name,
    merchantName: row.merchantName,
    shownName: row.shownName,
    amount: row.amount,
    currency: row.currency ?? row.unofficialCurrency,
    pending: row.pending,
    plaidCategory: row.plaidCategory,
    categoryId: row.categoryId,
    categoryName: row.categoryName,
    hidden: row.hidden,
    tags: row.tags,
    manual: { categoryId: row.manualCategoryId, displayName: row.manualDisplayName, note: row.manualNote, tags: row.manualTags ?? [], hidden: row.manualHidden },
    parts,
  };
}
