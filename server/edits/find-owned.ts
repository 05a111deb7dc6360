import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { categories, plaidTransactions } from "@/db/schema";
import { EditNotFoundError } from "./edit-errors";

/** The user's transaction, locked for the edit; another user's answers like a missing one. */
export async function findOwnedTransaction(tx: Queryable, userId: string, id: string): Promise<{ id: string; amount: string; itemId: string }> {
  const [row] = await tx
    .select({ id: plaidTransactions.plaidTransactionId, amount: plaidTransactions.amount, itemId: plaidTransactions.itemId })
    .from(plaidTransactions)
    .where(and(eq(plaidTransactions.plaidTransactionId, id), eq(plaidTransactions.userId, userId)))
    .for("update");
  if (!row) throw new EditNotFoundError("transaction");
  return row;
}

/** The user's live categories among `ids`; any other (another user's, deleted, missing) is NOT_FOUND. */
export async function assertOwnedCategories(tx: Queryable, userId: string, ids: Iterable<string>): Promise<void> {
  for (const id of new Set(ids)) {
    const [row] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, id), eq(categories.userId, userId), isNull(categories.deletedAt)));
    if (!row) throw new EditNotFoundError("category");
  }
}
