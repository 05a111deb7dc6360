import { and, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidTransactions } from "@/db/schema";
import { transactionFilterConditions, type TransactionFilters } from "./transaction-filters";

/**
 * How many transactions (not counted lines: a split is one, a hidden one counts) the explorer's
 * filters match: what "select all N matching" would edit.
 */
export async function countMatchingTransactions(db: Queryable, userId: string, filters: Omit<TransactionFilters, "sort">): Promise<number> {
  const conditions = await transactionFilterConditions(db, userId, filters);
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(plaidTransactions).where(and(...conditions));
  return Number(row?.count ?? 0);
}
