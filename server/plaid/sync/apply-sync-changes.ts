import { and, eq, inArray, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { plaidItems, plaidTransactions } from "@/db/schema";
import { toAccountSnapshot } from "../account-snapshot";
import { saveAccounts } from "../save-accounts";
import type { SyncChanges } from "./sync-changes";
import type { SyncedTransaction } from "./sync-page-schema";

// Rows per upsert statement: large enough to amortise the round trip, small enough to keep each
// JSON parameter a few megabytes.
const UPSERT_CHUNK = 5_000;
const DELETE_CHUNK = 5_000;

export interface SyncTarget {
  itemId: string;
  userId: string;
  /** The cursor the sync started from; the write only happens if it is still the stored one. */
  startCursor: string | null;
  /** The sync's lease owner; the write only happens if the item's lease is still this one. */
  leaseOwner: string;
}

export interface AppliedSync {
  nextCursor: string;
  changes: SyncChanges;
  syncedAt: Date;
  durationMs: number;
}

export type ApplyResult = "applied" | "cursor_moved" | "item_gone" | "lease_lost";

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** One row as jsonb_to_recordset reads it: column names as keys, money as decimal text. */
function toRecord(t: SyncedTransaction) {
  return {
    plaid_transaction_id: t.transaction_id,
    plaid_account_id: t.account_id,
    // The JSON double's shortest round-trip text is exactly what Plaid sent; stored as numeric.
    amount: String(t.amount),
    iso_currency_code: t.iso_currency_code ?? null,
    unofficial_currency_code: t.unofficial_currency_code ?? null,
    date: t.date,
    authorized_date: t.authorized_date ?? null,
    name: t.name ?? t.merchant_name ?? "Unknown",
    merchant_name: t.merchant_name ?? null,
    category_primary: t.personal_finance_category?.primary ?? null,
    category_detailed: t.personal_finance_category?.detailed ?? null,
    category_confidence: t.personal_finance_category?.confidence_level ?? null,
    pending: t.pending,
    pending_transaction_id: t.pending_transaction_id ?? null,
    payment_channel: t.payment_channel ?? null,
  };
}

/**
 * Upserts a batch as one statement with one parameter: the rows as a JSON array expanded by
 * jsonb_to_recordset. A VALUES list would bind 17 parameters per row, and building and parsing
 * those dominated the sync's time; this keeps a 100k-row sync close to a plain INSERT.
 */
async function upsertBatch(tx: Transaction, target: SyncTarget, batch: SyncedTransaction[]): Promise<void> {
  await tx.execute(sql`
    insert into plaid_transactions as t (
      plaid_transaction_id, item_id, user_id, plaid_account_id, amount, iso_currency_code, unofficial_currency_code,
      date, authorized_date, name, merchant_name, category_primary, category_detailed, category_confidence,
      pending, pending_transaction_id, payment_channel)
    select r.plaid_transaction_id, ${target.itemId}::uuid, ${target.userId}, r.plaid_account_id, r.amount, r.iso_currency_code,
      r.unofficial_currency_code, r.date, r.authorized_date, r.name, r.merchant_name, r.category_primary, r.category_detailed,
      r.category_confidence, r.pending, r.pending_transaction_id, r.payment_channel
    from jsonb_to_recordset(${JSON.stringify(batch.map(toRecord))}::jsonb) as r(
      plaid_transaction_id text, plaid_account_id text, amount numeric, iso_currency_code text, unofficial_currency_code text,
      date date, authorized_date date, name text, merchant_name text, category_primary text, category_detailed text,
      category_confidence text, pending boolean, pending_transaction_id text, payment_channel text)
    on conflict (plaid_transaction_id) do update set
      plaid_account_id = excluded.plaid_account_id, amount = excluded.amount, iso_currency_code = excluded.iso_currency_code,
      unofficial_currency_code = excluded.unofficial_currency_code, date = excluded.date, authorized_date = excluded.authorized_date,
      name = excluded.name, merchant_name = excluded.merchant_name, category_primary = excluded.category_primary,
      category_detailed = excluded.category_detailed, category_confidence = excluded.category_confidence,
      pending = excluded.pending, pending_transaction_id = excluded.pending_transaction_id,
      payment_channel = excluded.payment_channel, updated_at = now()
    -- A transaction id is Plaid-global; never let one item's sync rewrite another item's row.
    where t.item_id = excluded.item_id`);
}

/**
 * Writes one sync's net changes and its final cursor in the caller's transaction. The cursor is
 * saved only together with the data it stands for: a crash before commit leaves the old cursor
 * and the old rows, and the next sync fetches the same changes again. The item row is locked
 * first and must still carry this sync's lease: a sync whose lease lapsed and was taken over
 * writes nothing, and a lease taker waits for this commit. Compare-and-set on the cursor makes
 * any other overlapping writer harmless too.
 */
export async function applySyncChanges(tx: Transaction, target: SyncTarget, applied: AppliedSync): Promise<ApplyResult> {
  const [item] = await tx
    .select({ cursor: plaidItems.transactionsCursor, removedAt: plaidItems.removedAt, leaseOwner: plaidItems.syncLeaseOwner })
    .from(plaidItems)
    .where(eq(plaidItems.id, target.itemId))
    .for("update");
  if (!item || item.removedAt) return "item_gone";
  if (item.leaseOwner !== target.leaseOwner) return "lease_lost";
  if (item.cursor !== target.startCursor) return "cursor_moved";

  const { changes } = applied;
  await saveAccounts(tx, target, [...changes.accounts.values()].map(toAccountSnapshot), applied.syncedAt);

  for (const ids of chunks(changes.idsToDelete(), DELETE_CHUNK)) {
    await tx.delete(plaidTransactions).where(and(eq(plaidTransactions.itemId, target.itemId), inArray(plaidTransactions.plaidTransactionId, ids)));
  }
  for (const batch of chunks(changes.upserts(), UPSERT_CHUNK)) await upsertBatch(tx, target, batch);

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
