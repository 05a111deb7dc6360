import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { AccountBase } from "plaid";
import type { Queryable } from "@/db/client";
import { syncStagedTransactions } from "@/db/schema";
import { pageOperations, SyncTally, type SyncOperation } from "./sync-changes";
import type { SyncPage } from "./sync-page-schema";

/** One staged row as jsonb_to_recordset reads it: column names as keys, money as decimal text. */
function toRecord(seq: number, { id, transaction: t }: SyncOperation) {
  if (!t) return { seq, plaid_transaction_id: id, removed: true };
  return {
    seq,
    plaid_transaction_id: id,
    removed: false,
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

/** Deletes every staged row of the item: what a crashed or abandoned sync left behind. */
export async function discardStagedSyncs(db: Queryable, itemId: string): Promise<void> {
  await db.delete(syncStagedTransactions).where(eq(syncStagedTransactions.itemId, itemId));
}

/**
 * One sync attempt's pages, written to `sync_staged_transactions` as they arrive (one autocommit
 * statement per page, no transaction held open), so the sync keeps one page in memory instead of
 * the item's whole history. Nothing reaches plaid_transactions until applySyncChanges moves the
 * attempt's rows there together with the final cursor. `restart()` (Plaid's
 * MUTATION_DURING_PAGINATION) drops what was staged and starts a fresh attempt.
 */
export class StagedSyncAttempt {
  private current = randomUUID();
  private nextSeq = 0;
  private counts = new SyncTally();

  constructor(
    private readonly db: Queryable,
    readonly itemId: string,
  ) {}

  get attempt(): string {
    return this.current;
  }

  get tally(): SyncTally {
    return this.counts;
  }

  /** Stages a page's operations in stream order (seq keeps counting across pages). */
  async addPage(page: SyncPage, accounts: AccountBase[]): Promise<void> {
    const operations = pageOperations(page);
    // Taken before the write's await, so the stream order holds whatever runs meanwhile.
    const firstSeq = this.nextSeq;
    this.nextSeq += operations.length;
    if (operations.length > 0) {
      const records = operations.map((operation, index) => toRecord(firstSeq + index, operation));
      // One statement, one parameter: the page as a JSON array (a VALUES list would bind 19
      // parameters a row).
      await this.db.execute(sql`
        insert into sync_staged_transactions (
          item_id, attempt, seq, plaid_transaction_id, removed, plaid_account_id, amount, iso_currency_code,
          unofficial_currency_code, date, authorized_date, name, merchant_name, category_primary, category_detailed,
          category_confidence, pending, pending_transaction_id, payment_channel)
        select ${this.itemId}::uuid, ${this.current}::uuid, r.seq, r.plaid_transaction_id, r.removed, r.plaid_account_id, r.amount,
          r.iso_currency_code, r.unofficial_currency_code, r.date, r.authorized_date, r.name, r.merchant_name, r.category_primary,
          r.category_detailed, r.category_confidence, r.pending, r.pending_transaction_id, r.payment_channel
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(
          seq integer, plaid_transaction_id text, removed boolean, plaid_account_id text, amount numeric, iso_currency_code text,
          unofficial_currency_code text, date date, authorized_date date, name text, merchant_name text, category_primary text,
          category_detailed text, category_confidence text, pending boolean, pending_transaction_id text, payment_channel text)`);
    }
    this.counts.addPage(page, accounts, operations.length);
  }

  /** Drops this attempt's rows and starts a new attempt from nothing. */
  async restart(): Promise<void> {
    await this.discard();
    this.current = randomUUID();
    this.nextSeq = 0;
    this.counts = new SyncTally();
  }

  /** Drops this attempt's rows (an abandoned sync); the next sync of the item would too. */
  async discard(): Promise<void> {
    await this.db
      .delete(syncStagedTransactions)
      .where(and(eq(syncStagedTransactions.itemId, this.itemId), eq(syncStagedTransactions.attempt, this.current)));
  }
}
