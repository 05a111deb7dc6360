import { describe, expect, it } from "vitest";
import { SyncChanges } from "./sync-changes";
import type { SyncedTransaction, SyncPage } from "./sync-page-schema";

function txn(id: string, fields: Partial<SyncedTransaction> = {}): SyncedTransaction {
  return { transaction_id: id, account_id: "acc-1", amount: 10, date: "2026-01-02", name: `Txn ${id}`, pending: false, ...fields };
}

function page(changes: Partial<Pick<SyncPage, "added" | "modified" | "removed">>): SyncPage {
  return { added: [], modified: [], removed: [], next_cursor: "c", has_more: true, ...changes };
}

function fold(...pages: SyncPage[]): SyncChanges {
  const changes = new SyncChanges();
  for (const p of pages) changes.addPage(p, []);
  return changes;
}

const upsertedIds = (changes: SyncChanges) => changes.upserts().map((t) => t.transaction_id).sort();

describe("SyncChanges folds a sync's pages in stream order", () => {
  it("ends removed when a removal follows an add or a modify of the same id", () => {
    const changes = fold(page({ added: [txn("a")] }), page({ modified: [txn("b")] }), page({ removed: [{ transaction_id: "a" }, { transaction_id: "b" }] }));
    expect(upsertedIds(changes)).toEqual([]);
    expect(changes.idsToDelete().sort()).toEqual(["a", "b"]);
  });

  it("ends added when an add follows a removal of the same id", () => {
    const changes = fold(page({ removed: [{ transaction_id: "a" }] }), page({ added: [txn("a", { amount: 7 })] }));
    expect(changes.upserts()).toEqual([txn("a", { amount: 7 })]);
    expect(changes.idsToDelete()).toEqual([]);
  });

  it("keeps the last version of a transaction modified twice", () => {
    const changes = fold(page({ added: [txn("a", { amount: 1 })] }), page({ modified: [txn("a", { amount: 2 })] }), page({ modified: [txn("a", { amount: 3 })] }));
    expect(changes.upserts()).toEqual([txn("a", { amount: 3 })]);
  });

  it("never re-inserts a pending transaction next to the posted one that replaced it later in the stream", () => {
    // The pending one is modified, then posted on a later page (its own `removed` entry missing or
    // not yet seen): it must be deleted, not deleted and upserted again.
    const changes = fold(
      page({ added: [txn("pending-1", { pending: true })] }),
      page({ modified: [txn("pending-1", { pending: true, amount: 11 })] }),
      page({ added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }),
    );
    expect(upsertedIds(changes)).toEqual(["posted-1"]);
    expect(changes.idsToDelete()).toEqual(["pending-1"]);
  });

  it("treats a posted transaction and its pending twin on one page as replaced, whatever list the twin is in", () => {
    const changes = fold(page({ modified: [txn("pending-1", { pending: true })], added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }));
    expect(upsertedIds(changes)).toEqual(["posted-1"]);
    expect(changes.idsToDelete()).toEqual(["pending-1"]);
  });

  it("lets a later add of the pending id win over the earlier posting, in stream order", () => {
    const changes = fold(page({ added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }), page({ added: [txn("pending-1", { pending: true })] }));
    expect(upsertedIds(changes)).toEqual(["pending-1", "posted-1"]);
    expect(changes.idsToDelete()).toEqual([]);
  });

  it("never lists an id both to upsert and to delete", () => {
    const changes = fold(
      page({ added: [txn("a"), txn("p", { pending: true })], removed: [{ transaction_id: "z" }] }),
      page({ modified: [txn("p", { pending: true })], removed: [{ transaction_id: "a" }] }),
      page({ added: [txn("q", { pending_transaction_id: "p" }), txn("z")] }),
    );
    const deleted = new Set(changes.idsToDelete());
    expect(changes.upserts().filter((t) => deleted.has(t.transaction_id))).toEqual([]);
    expect({ upserts: upsertedIds(changes), deleted: [...deleted].sort() }).toEqual({ upserts: ["q", "z"], deleted: ["a", "p"] });
    expect({ added: changes.added, modified: changes.modified, removed: changes.removed, pages: changes.pages }).toEqual({ added: 4, modified: 1, removed: 2, pages: 3 });
  });
});
