import type { AccountBase } from "plaid";
import type { SyncedTransaction, SyncPage } from "./sync-page-schema";

type NetChange = { kind: "upsert"; transaction: SyncedTransaction } | { kind: "remove" };

/**
 * Every page of one sync folded into its net effect per transaction id, in stream order: the
 * last thing that happened to an id wins. Added on page 1 and removed on page 3 ends up removed;
 * removed and then added again ends up added; modified twice keeps its last version. A posted
 * transaction removes its pending twin (`pending_transaction_id`) at the point it arrives, as
 * Plaid's own `removed` entry for that twin would, so a stale add or modify of the pending one
 * earlier in the stream cannot put it back next to its posted version. Upserts and deletions are
 * disjoint by construction, so the order the writer applies them in cannot matter.
 */
export class SyncChanges {
  private readonly net = new Map<string, NetChange>();
  readonly accounts = new Map<string, AccountBase>();
  added = 0;
  modified = 0;
  removed = 0;
  pages = 0;

  /**
   * Within one page Plaid lists each id once (it folds the page itself), so the order inside a
   * page only matters for a posted transaction and its pending twin on the same page: the
   * removals (explicit, then implied by posted transactions) are applied after the page's upserts.
   */
  addPage(page: SyncPage, accounts: AccountBase[]): void {
    this.pages += 1;
    this.added += page.added.length;
    this.modified += page.modified.length;
    this.removed += page.removed.length;
    const upserted = [...page.added, ...page.modified];
    for (const transaction of upserted) this.net.set(transaction.transaction_id, { kind: "upsert", transaction });
    for (const { transaction_id } of page.removed) this.net.set(transaction_id, { kind: "remove" });
    for (const transaction of upserted) {
      const twin = transaction.pending ? null : transaction.pending_transaction_id;
      if (twin) this.net.set(twin, { kind: "remove" });
    }
    for (const account of accounts) this.accounts.set(account.account_id, account);
  }

  /** The final version of every transaction to insert or update. */
  upserts(): SyncedTransaction[] {
    return [...this.net.values()].flatMap((change) => (change.kind === "upsert" ? [change.transaction] : []));
  }

  /** Ids to delete: the removed ones and every pending transaction a posted one replaced. */
  idsToDelete(): string[] {
    return [...this.net].flatMap(([id, change]) => (change.kind === "remove" ? [id] : []));
  }
}
