import { sql } from "drizzle-orm";
import { plaidTransactions as t } from "@/db/schema";
import { effectiveCategoryId, effectiveCategoryName, effectiveDisplayName, effectiveHidden, effectiveNote, effectiveTags, isSplit } from "./effective-category";

/**
 * The columns every transaction list selects before joining its page to the accounts: Plaid's
 * data and, beside it, what the person decided (effective-category.ts), evaluated for the page's
 * rows only.
 */
export const transactionListColumns = {
  id: t.plaidTransactionId,
  date: t.date,
  name: t.name,
  merchantName: t.merchantName,
  category: t.categoryPrimary,
  categoryDetailed: t.categoryDetailed,
  amount: t.amount,
  currency: sql<string | null>`coalesce(${t.isoCurrencyCode}, ${t.unofficialCurrencyCode})`.as("currency"),
  pending: t.pending,
  plaidAccountId: t.plaidAccountId,
  userId: t.userId,
  categoryId: effectiveCategoryId.as("category_id"),
  categoryName: effectiveCategoryName.as("category_name"),
  displayName: effectiveDisplayName.as("display_name"),
  note: effectiveNote.as("note"),
  tags: effectiveTags.as("tags"),
  hidden: effectiveHidden.as("hidden"),
  split: isSplit.as("split"),
};
