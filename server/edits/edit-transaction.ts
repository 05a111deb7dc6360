import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { transactionOverrides } from "@/db/schema";
import { refreshMonthTotalsForTransactions } from "@/server/plaid/sync/refresh-month-totals";
import type { TransactionEdit } from "./edit-schemas";
import { assertOwnedCategories, findOwnedTransaction } from "./find-owned";

/**
 * Applies a person's edit to one transaction: only the fields given change, in the overrides row
 * beside Plaid's data (a sync's modify never touches it), and the months' totals are recomputed
 * in the same transaction. Manual values win over a rule's, so the edit shows at once.
 */
export async function editTransaction(db: Database, userId: string, edit: TransactionEdit): Promise<void> {
  await db.transaction(async (tx) => {
    await findOwnedTransaction(tx, userId, edit.id);
    if (edit.categoryId) await assertOwnedCategories(tx, userId, [edit.categoryId]);
    const changes = {
      ...(edit.categoryId !== undefined && { categoryId: edit.categoryId }),
      // An empty name or note means "none": the bank's name shows again.
      ...(edit.displayName !== undefined && { displayName: edit.displayName || null }),
      ...(edit.note !== undefined && { note: edit.note || null }),
      ...(edit.tags !== undefined && { tags: edit.tags }),
      ...(edit.hidden !== undefined && { hidden: edit.hidden }),
    };
    await tx
      .insert(transactionOverrides)
      .values({ plaidTransactionId: edit.id, userId, ...changes })
      .onConflictDoUpdate({ target: transactionOverrides.plaidTransactionId, set: { ...changes, updatedAt: sql`now()` } });
    if (edit.categoryId !== undefined || edit.hidden !== undefined) await refreshMonthTotalsForTransactions(tx, userId, [edit.id]);
  });
}
