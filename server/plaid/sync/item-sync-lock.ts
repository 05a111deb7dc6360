import { sql } from "drizzle-orm";
import type { Database, DatabaseHandle, Transaction } from "@/db/client";
import { queryRows } from "@/db/query-rows";

/** Advisory-lock namespace for per-item syncs (webhook intake uses 7301). */
export const ITEM_SYNC_LOCK_NAMESPACE = 7302;

/** Runs the sync's final write: inside the lock's own transaction on Postgres, a new one on PGlite. */
export type InTransaction = <T>(work: (tx: Transaction) => Promise<T>) => Promise<T>;

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

// PGlite lives in one process, so a per-database set of held item ids is a complete lock.
const heldOnPglite = new WeakMap<Database, Set<string>>();

/**
 * One sync per item at a time, across every worker. On Postgres a transaction-scoped advisory
 * lock, held by the transaction that will also write the result, so it is released by commit,
 * rollback or the connection dying with a killed worker, and never outlives its holder; it does
 * not lock the item row, so webhooks and the UI can write to it meanwhile. PGlite is a single
 * connection in a single process: an open transaction there would stall every other query during
 * Plaid calls, so the lock is an in-process set and the write opens its own short transaction.
 */
export async function withItemSyncLock<T>(
  handle: Pick<DatabaseHandle, "db" | "driver">,
  itemId: string,
  work: (inTransaction: InTransaction) => Promise<T>,
): Promise<LockResult<T>> {
  const { db } = handle;
  if (handle.driver === "postgres") {
    return db.transaction(async (tx): Promise<LockResult<T>> => {
      const [row] = await queryRows<{ locked: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${ITEM_SYNC_LOCK_NAMESPACE}, hashtext(${itemId})) as locked`,
      );
      if (!row?.locked) return { acquired: false };
      return { acquired: true, value: await work((write) => write(tx)) };
    });
  }
  let held = heldOnPglite.get(db);
  if (!held) heldOnPglite.set(db, (held = new Set()));
  if (held.has(itemId)) return { acquired: false };
  held.add(itemId);
  try {
    return { acquired: true, value: await work((write) => db.transaction(write)) };
  } finally {
    held.delete(itemId);
  }
}
