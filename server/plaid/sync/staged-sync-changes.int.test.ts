import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, plaidTransactions, syncStagedTransactions, users } from "@/db/schema";
import { RetryableJobError } from "@/server/jobs/job-errors";
import { createTestDatabase } from "@/test/test-database";
import { applySyncChanges, type ApplyResult } from "./apply-sync-changes";
import { StagedSyncAttempt } from "./staged-sync-attempt";
import type { SyncedTransaction, SyncPage } from "./sync-page-schema";

const LEASE = "test-lease";
let handle: DatabaseHandle;
let userId: string;
let itemId: string;

function txn(id: string, fields: Partial<SyncedTransaction> = {}): SyncedTransaction {
  return { transaction_id: id, account_id: "acc-1", amount: 10, date: "2026-01-02", name: `Txn ${id}`, pending: false, ...fields };
}

function page(changes: Partial<Pick<SyncPage, "added" | "modified" | "removed">>): SyncPage {
  return { added: [], modified: [], removed: [], next_cursor: "c", has_more: true, ...changes };
}

/** Stored rows for these ids before the sync, amount 0, so a deletion or an update shows. */
async function existing(...ids: string[]): Promise<void> {
  await handle.db
    .insert(plaidTransactions)
    .values(ids.map((id) => ({ plaidTransactionId: id, itemId, userId, plaidAccountId: "acc-1", amount: "0", date: "2026-01-01", name: "old" })));
}

async function stage(...pages: SyncPage[]): Promise<StagedSyncAttempt> {
  const staging = new StagedSyncAttempt(handle.db, itemId);
  for (const p of pages) await staging.addPage(p, []);
  return staging;
}

async function apply(staging: StagedSyncAttempt): Promise<ApplyResult> {
  return handle.db.transaction((tx) =>
    applySyncChanges(
      tx,
      { itemId, userId, startCursor: null, leaseOwner: LEASE },
      { attempt: staging.attempt, tally: staging.tally, nextCursor: "next", syncedAt: new Date(), durationMs: 1 },
    ),
  );
}

/** Folds the pages through the staging table into plaid_transactions: id → amount afterwards. */
async function fold(...pages: SyncPage[]): Promise<Record<string, string>> {
  expect(await apply(await stage(...pages))).toBe("applied");
  const rows = await handle.db.select().from(plaidTransactions).where(eq(plaidTransactions.itemId, itemId));
  return Object.fromEntries(rows.map((row) => [row.plaidTransactionId, row.amount]).sort());
}

const stagedRows = async () => (await handle.db.select({ n: sql<number>`count(*)::int` }).from(syncStagedTransactions))[0]?.n;

beforeAll(async () => {
  handle = await createTestDatabase();
  userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(plaidItems);
  const [item] = await handle.db
    .insert(plaidItems)
    .values({ userId, plaidItemId: `item-${randomUUID()}`, accessTokenCiphertext: "v1.k.iv.x", accessTokenKeyId: "k", syncLeaseOwner: LEASE })
    .returning({ id: plaidItems.id });
  if (!item) throw new Error("no item");
  itemId = item.id;
});

describe("a sync's staged pages fold in stream order when applied", () => {
  it("ends removed when a removal follows an add or a modify of the same id", async () => {
    await existing("b");
    expect(await fold(page({ added: [txn("a")] }), page({ modified: [txn("b")] }), page({ removed: [{ transaction_id: "a" }, { transaction_id: "b" }] }))).toEqual({});
  });

  it("ends added when an add follows a removal of the same id", async () => {
    await existing("a");
    expect(await fold(page({ removed: [{ transaction_id: "a" }] }), page({ added: [txn("a", { amount: 7 })] }))).toEqual({ a: "7" });
  });

  it("keeps the last version of a transaction modified twice", async () => {
    expect(await fold(page({ added: [txn("a", { amount: 1 })] }), page({ modified: [txn("a", { amount: 2 })] }), page({ modified: [txn("a", { amount: 3.25 })] }))).toEqual({
      a: "3.25",
    });
  });

  it("never re-inserts a pending transaction next to the posted one that replaced it later in the stream", async () => {
    // The pending one is modified, then posted on a later page (its own `removed` entry missing or
    // not yet seen): it must be deleted, not deleted and upserted again.
    await existing("pending-1");
    const after = await fold(
      page({ added: [txn("pending-1", { pending: true })] }),
      page({ modified: [txn("pending-1", { pending: true, amount: 11 })] }),
      page({ added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }),
    );
    expect(Object.keys(after)).toEqual(["posted-1"]);
  });

  it("treats a posted transaction and its pending twin on one page as replaced, whatever list the twin is in", async () => {
    await existing("pending-1");
    const after = await fold(page({ modified: [txn("pending-1", { pending: true })], added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }));
    expect(Object.keys(after)).toEqual(["posted-1"]);
  });

  it("lets a later add of the pending id win over the earlier posting, in stream order", async () => {
    const after = await fold(page({ added: [txn("posted-1", { pending_transaction_id: "pending-1" })] }), page({ added: [txn("pending-1", { pending: true })] }));
    expect(Object.keys(after)).toEqual(["pending-1", "posted-1"]);
  });

  it("applies the net of many pages, counts what Plaid sent and leaves nothing staged", async () => {
    await existing("a", "p", "z");
    const staging = await stage(
      page({ added: [txn("a"), txn("p", { pending: true })], removed: [{ transaction_id: "z" }] }),
      page({ modified: [txn("p", { pending: true })], removed: [{ transaction_id: "a" }] }),
      page({ added: [txn("q", { pending_transaction_id: "p" }), txn("z", { amount: 4 })] }),
    );
    expect(await apply(staging)).toBe("applied");
    const rows = await handle.db.select().from(plaidTransactions).where(eq(plaidTransactions.itemId, itemId));
    expect(Object.fromEntries(rows.map((r) => [r.plaidTransactionId, r.amount]))).toEqual({ q: "10", z: "4" });
    const [item] = await handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(item).toMatchObject({ transactionsCursor: "next", lastSyncAdded: 4, lastSyncModified: 1, lastSyncRemoved: 2 });
    expect(await stagedRows()).toBe(0);
  });
});

describe("staging", () => {
  it("drops what an attempt staged when it restarts, and applies only the new attempt", async () => {
    const staging = await stage(page({ added: [txn("from-the-first-attempt")] }));
    await staging.restart();
    await staging.addPage(page({ added: [txn("from-the-restart")] }), []);
    expect(await stagedRows()).toBe(1);
    expect(await apply(staging)).toBe("applied");
    const rows = await handle.db.select({ id: plaidTransactions.plaidTransactionId }).from(plaidTransactions);
    expect(rows).toEqual([{ id: "from-the-restart" }]);
  });

  it("writes nothing, cursor included, when staged rows went missing (the unlogged table after a server crash)", async () => {
    const staging = await stage(page({ added: [txn("a"), txn("b")] }));
    await handle.db.delete(syncStagedTransactions).where(eq(syncStagedTransactions.plaidTransactionId, "b"));
    await expect(apply(staging)).rejects.toBeInstanceOf(RetryableJobError);
    expect(await handle.db.select().from(plaidTransactions)).toEqual([]);
    const [item] = await handle.db.select({ cursor: plaidItems.transactionsCursor }).from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(item?.cursor).toBeNull();
  });

  it("writes nothing for an attempt whose lease was taken over, and keeps the staged rows for the caller to discard", async () => {
    const staging = await stage(page({ added: [txn("a")] }));
    await handle.db.update(plaidItems).set({ syncLeaseOwner: "someone-else" }).where(eq(plaidItems.id, itemId));
    expect(await apply(staging)).toBe("lease_lost");
    expect(await handle.db.select().from(plaidTransactions)).toEqual([]);
    await staging.discard();
    expect(await stagedRows()).toBe(0);
  });
});
