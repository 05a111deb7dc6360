import type { Queryable } from "@/db/client";
import { exploreTransactions, type ExploredTransaction, type TransactionCursor } from "./explore-transactions";
import type { TransactionFilters } from "./transaction-filters";

/** Rows per query: big enough that round trips do not dominate, small enough to keep memory flat. */
export const EXPORT_BATCH_SIZE = 1_000;

/**
 * Every transaction matching the filters, in the explorer's sort order, one keyset batch at a
 * time: at most one batch is in memory however many rows match.
 */
export async function* exportTransactionBatches(
  db: Queryable,
  userId: string,
  filters: TransactionFilters,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<ExploredTransaction[]> {
  let after: TransactionCursor | null = null;
  do {
    const page = await exploreTransactions(db, { userId, filters, limit: batchSize, after });
    if (page.items.length > 0) yield page.items;
    after = page.nextCursor;
  } while (after);
}
