import type { AccountBase } from "plaid";
import type { SyncedTransaction, SyncPage } from "./sync-page-schema";

/** One thing that happens to a transaction id: upserted to this version, or removed (null). */
export interface SyncOperation {
  id: string;
  transaction: SyncedTransaction | null;
}

/**
 * A page's operations in the order they take effect. Across pages the stream order decides: the
 * last operation on an id wins (added on page 1 and removed on page 3 ends up removed; removed
 * and added again ends up added; modified twice keeps its last version). Within one page Plaid
 * lists each id once (it folds the page itself), so the order inside a page only matters for a
 * posted transaction and its pending twin: the removals (explicit, then implied by posted
 * transactions) come after the page's upserts. A posted transaction removes its pending twin
 * (`pending_transaction_id`) at the point it arrives, as Plaid's own `removed` entry for that twin
 * would, so a stale add or modify of the pending one earlier in the stream cannot put it back next
 * to its posted version.
 */
export function pageOperations(page: SyncPage): SyncOperation[] {
  const upserted = [...page.added, ...page.modified];
  const operations: SyncOperation[] = upserted.map((transaction) => ({ id: transaction.transaction_id, transaction }));
  for (const { transaction_id } of page.removed) operations.push({ id: transaction_id, transaction: null });
  for (const transaction of upserted) {
    const twin = transaction.pending ? null : transaction.pending_transaction_id;
    if (twin) operations.push({ id: twin, transaction: null });
  }
  return operations;
}

/** What one sync attempt saw besides the transactions themselves (those are staged in the database). */
export class SyncTally {
  readonly accounts = new Map<string, AccountBase>();
  added = 0;
  modified = 0;
  removed = 0;
  pages = 0;
  /** Rows staged so far: the apply checks it finds exactly these. */
  stagedRows = 0;

  addPage(page: SyncPage, accounts: AccountBase[], stagedRows: number): void {
    this.pages += 1;
    this.added += page.added.length;
    this.modified += page.modified.length;
    this.removed += page.removed.length;
    this.stagedRows += stagedRows;
    for (const account of accounts) this.accounts.set(account.account_id, account);
  }
}
