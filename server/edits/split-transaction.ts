import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { transactionSplits } from "@/db/schema";
import { refreshMonthTotalsForTransactions } from "@/server/plaid/sync/refresh-month-totals";
import { EditInputError } from "./edit-errors";
import type { SplitInput } from "./edit-schemas";
import { assertOwnedCategories, findOwnedTransaction } from "./find-owned";
import { fromCents, toCents } from "./money-cents";

/**
 * Splits a transaction into parts with their own category and amount, replacing any earlier
 * split. The parts must add up to the transaction's amount to the cent (bigint cents against the
 * numeric read as text: no float anywhere); reports then count the parts, never the parent.
 */
export async function splitTransaction(db: Database, userId: string, input: SplitInput): Promise<void> {
  await db.transaction(async (tx) => {
    const transaction = await findOwnedTransaction(tx, userId, input.id);
    await assertOwnedCategories(
      tx,
      userId,
      input.parts.map((part) => part.categoryId),
    );
    const total = input.parts.reduce((sum, part) => sum + toCents(part.amount), 0n);
    const expected = toCents(transaction.amount);
    if (total !== expected) {
      const difference = fromCents(expected - total);
      throw new EditInputError("parts", `The parts add up to ${fromCents(total)}, not ${fromCents(expected)}: ${difference.startsWith("-") ? `remove ${difference.slice(1)}` : `add ${difference}`}.`);
    }
    await tx.delete(transactionSplits).where(and(eq(transactionSplits.plaidTransactionId, input.id), eq(transactionSplits.userId, userId)));
    await tx.insert(transactionSplits).values(
      input.parts.map((part, position) => ({
        plaidTransactionId: input.id,
        userId,
        position,
        categoryId: part.categoryId,
        amount: fromCents(toCents(part.amount)),
        note: part.note || null,
      })),
    );
    await refreshMonthTotalsForTransactions(tx, userId, [input.id]);
  });
}

/** Undoes a split: the transaction counts whole again, in its own category. */
export async function removeSplit(db: Database, userId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await findOwnedTransaction(tx, userId, id);
    await tx.delete(transactionSplits).where(and(eq(transactionSplits.plaidTransactionId, id), eq(transactionSplits.userId, userId)));
    await refreshMonthTotalsForTransactions(tx, userId, [id]);
  });
}
