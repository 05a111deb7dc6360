import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { plaidItems, plaidTransactions } from "@/db/schema";
import { toAccountSnapshot } from "../account-snapshot";
import { saveAccounts } from "../save-accounts";
import type { SyncChanges } from "./sync-changes";
import type { SyncedTransaction } from "./sync-page-schema";

// ~18 parameters a row: 1,000 rows stay far below Postgres's 65,535-parameter limit per statement.
const UPSERT_CHUNK = 1_000;
const DELETE_CHUNK = 5_000;

const excluded = (column: string) => sql.raw(`excluded.${column}`);

export interface SyncTarget {
  itemId: string;
  userId: string;
  /** The cursor the sync started from; the write only happens if it is still the stored one. */
  startCursor: string | null;
}

export interface AppliedSync {
  nextCursor: string;
  changes: SyncChanges;
  syncedAt: Date;
  durationMs: number;
}

export type ApplyResult = "applied" | "cursor_moved" | "item_gone";

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function toRow(target: SyncTarget, t: SyncedTransaction) {
  return {
    plaidTransactionId: t.transaction_id,
    itemId: target.itemId,
    userId: target.userId,
    plaidAccountId: t.account_id,
    // The JSON double's shortest round-trip text is exactly what Plaid sent; stored as numeric.
    amount: String(t.amount),
    isoCurrencyCode: t.iso_currency_code ?? null,
    unofficialCurrencyCode: t.unofficial_currency_code ?? null,
    date: t.date,
    authorizedDate: t.authorized_date ?? null,
    name: t.name ?? t.merchant_name ?? "Unknown",
    merchantName: t.merchant_name ?? null,
    categoryPrimary: t.personal_finance_category?.primary ?? null,
    categoryDetailed: t.personal_finance_category?.detailed ?? null,
    categoryConfidence: t.personal_finance_category?.confidence_level ?? null,
    pending: t.pending,
    pendingTransactionId: t.pending_transaction_id ?? null,
    paymentChannel: t.payment_channel ?? null,
  };
}

/**
 * Writes one sync's net changes and its final cursor in the caller's transaction. The cursor is
 * saved only together with the data it stands for: a crash before commit leaves the old cursor
 * and the old rows, and the next sync fetches the same changes again. Compare-and-set on the
 * cursor makes an overlapping writer (which the item lock should already prevent) harmless.
 */
export async function applySyncChanges(tx: Transaction, target: SyncTarget, applied: AppliedSync): Promise<ApplyResult> {
  const [item] = await tx
    .select({ cursor: plaidItems.transactionsCursor, removedAt: plaidItems.removedAt })
    .from(plaidItems)
    .where(eq(plaidItems.id, target.itemId))
    .for("update");
  if (!item || item.removedAt) return "item_gone";
  if (item.cursor !== target.startCursor) return "cursor_moved";

  const { changes } = applied;
  await saveAccounts(tx, target, [...changes.accounts.values()].map(toAccountSnapshot), applied.syncedAt);

  for (const ids of chunks(changes.idsToDelete(), DELETE_CHUNK)) {
    await tx.delete(plaidTransactions).where(and(eq(plaidTransactions.itemId, target.itemId), inArray(plaidTransactions.plaidTransactionId, ids)));
  }
  const rows = [...changes.upserts.values()].map((t) => toRow(target, t));
  for (const batch of chunks(rows, UPSERT_CHUNK)) {
    await tx
      .insert(plaidTransactions)
      .values(batch)
      .onConflictDoUpdate({
        target: plaidTransactions.plaidTransactionId,
        set: {
          plaidAccountId: excluded("plaid_account_id"),
          amount: excluded("amount"),
          isoCurrencyCode: excluded("iso_currency_code"),
          unofficialCurrencyCode: excluded("unofficial_currency_code"),
          date: excluded("date"),
          authorizedDate: excluded("authorized_date"),
          name: excluded("name"),
          merchantName: excluded("merchant_name"),
          categoryPrimary: excluded("category_primary"),
          categoryDetailed: excluded("category_detailed"),
          categoryConfidence: excluded("category_confidence"),
          pending: excluded("pending"),
          pendingTransactionId: excluded("pending_transaction_id"),
          paymentChannel: excluded("payment_channel"),
          updatedAt: sql`now()`,
        },
        // A transaction id is Plaid-global; never let one item's sync rewrite another item's row.
        setWhere: eq(plaidTransactions.itemId, target.itemId),
      });
  }

  await tx
    .update(plaidItems)
    .set({
      transactionsCursor: applied.nextCursor,
      syncState: "idle",
      lastSyncedAt: applied.syncedAt,
      lastSyncAdded: changes.added,
      lastSyncModified: changes.modified,
      lastSyncRemoved: changes.removed,
      lastSyncDurationMs: applied.durationMs,
    })
    .where(eq(plaidItems.id, target.itemId));
  return "applied";
}
