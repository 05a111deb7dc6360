import type { AccountBase } from "plaid";
import type { SyncedTransaction, SyncPage } from "./sync-page-schema";

/**
 * Every page of one sync folded into its net effect, in page order: a transaction added on page 1
 * and removed on page 3 ends up removed, one modified twice keeps its last version.
 */
export class SyncChanges {
  readonly upserts = new Map<string, SyncedTransaction>();
  readonly removals = new Set<string>();
  readonly accounts = new Map<string, AccountBase>();
  added = 0;
  modified = 0;
  removed = 0;
  pages = 0;

  addPage(page: SyncPage, accounts: AccountBase[]): void {
    this.pages += 1;
    this.added += page.added.length;
    this.modified += page.modified.length;
    this.removed += page.removed.length;
    for (const transaction of [...page.added, ...page.modified]) {
      this.removals.delete(transaction.transaction_id);
      this.upserts.set(transaction.transaction_id, transaction);
    }
    for (const { transaction_id } of page.removed) {
      this.upserts.delete(transaction_id);
      this.removals.add(transaction_id);
    }
    for (const account of accounts) this.accounts.set(account.account_id, account);
  }

  /**
   * Ids to delete: the removed ones, plus every pending transaction a posted one replaces. Plaid
   * sends the pending id in `removed` anyway; deleting it by `pending_transaction_id` as well
   * means a posted transaction can never sit next to its own pending twin.
   */
  idsToDelete(): string[] {
    const ids = new Set(this.removals);
    for (const transaction of this.upserts.values()) {
      if (!transaction.pending && transaction.pending_transaction_id) ids.add(transaction.pending_transaction_id);
    }
    return [...ids];
  }
}
