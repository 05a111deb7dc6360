import { sql } from "drizzle-orm";
import { plaidTransactions as t } from "@/db/schema";

/** The columns every transaction list selects before joining its page to the accounts. */
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
};
