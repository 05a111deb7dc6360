import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";

/** How long a sync's claim on an item lasts without renewal; renewed every third of it. */
export const DEFAULT_SYNC_LEASE_MS = 60_000;

export interface ItemSyncLease {
  readonly itemId: string;
  /** Unique per sync run; the final write checks it is still the row's owner. */
  readonly owner: string;
  /** True once a renewal found another owner: stop fetching, the write would be refused anyway. */
  readonly lost: boolean;
  /** Runs `work` (the Plaid calls) while renewing the lease on a timer. */
  keepAliveDuring<T>(work: () => Promise<T>): Promise<T>;
}

export type LeaseResult<T> = { status: "acquired"; value: T } | { status: "held" } | { status: "missing" };

export interface LeaseOptions {
  ttlMs?: number;
  /** Told about a renewal or release that failed (a database hiccup); the lease lapses on its own. */
  onLeaseError?: (error: unknown) => void;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function tryAcquire(db: Queryable, itemId: string, owner: string, ttlMs: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update plaid_items
          set sync_lease_owner = ${owner}, sync_lease_expires_at = now() + ${ttlMs}::int * interval '1 millisecond'
        where id = ${itemId} and (sync_lease_owner is null or sync_lease_expires_at is null or sync_lease_expires_at <= now())
        returning id`,
  );
  return rows.length > 0;
}

/** Milliseconds the current holder's lease has left; null when the item does not exist. */
async function remainingMs(db: Queryable, itemId: string): Promise<number | null> {
  const [row] = await queryRows<{ remaining: number | string | null }>(
    db,
    sql`select greatest(0, extract(epoch from (sync_lease_expires_at - now())) * 1000) as remaining
        from plaid_items where id = ${itemId}`,
  );
  return row ? Number(row.remaining ?? 0) : null;
}

async function renew(db: Queryable, itemId: string, owner: string, ttlMs: number): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`update plaid_items set sync_lease_expires_at = now() + ${ttlMs}::int * interval '1 millisecond'
        where id = ${itemId} and sync_lease_owner = ${owner}
        returning id`,
  );
  return rows.length > 0;
}

async function release(db: Queryable, itemId: string, owner: string): Promise<void> {
  await db.execute(
    sql`update plaid_items set sync_lease_owner = null, sync_lease_expires_at = null
        where id = ${itemId} and sync_lease_owner = ${owner}`,
  );
}

/**
 * One sync per item at a time, across every worker and process, held by a row instead of an open
 * transaction or a checked-out connection: acquiring, renewing and releasing are single
 * statements, so nothing idles in a transaction during Plaid calls and a pool of N connections
 * serves N syncs. A holder that dies stops renewing and its lease lapses after `ttlMs`. Since a
 * lease can lapse under a slow holder, the final write must check ownership inside its own
 * transaction (applySyncChanges does), so a sync whose lease was taken over writes nothing.
 * Works the same on PGlite and PostgreSQL.
 */
export async function withItemSyncLease<T>(
  db: Queryable,
  itemId: string,
  options: LeaseOptions,
  work: (lease: ItemSyncLease) => Promise<T>,
): Promise<LeaseResult<T>> {
  const ttlMs = Math.max(30, Math.round(options.ttlMs ?? DEFAULT_SYNC_LEASE_MS));
  const owner = randomUUID();
  if (!(await tryAcquire(db, itemId, owner, ttlMs))) {
    const left = await remainingMs(db, itemId);
    if (left === null) return { status: "missing" };
    // A live holder renews every third of the term, so one with under half left has most likely
    // died (a killed worker whose job was just handed over): wait it out instead of deferring.
    if (left > ttlMs / 2) return { status: "held" };
    await (options.sleep ?? sleepFor)(left + 10);
    if (!(await tryAcquire(db, itemId, owner, ttlMs))) return (await remainingMs(db, itemId)) === null ? { status: "missing" } : { status: "held" };
  }

  let lost = false;
  const lease: ItemSyncLease = {
    itemId,
    owner,
    get lost() {
      return lost;
    },
    async keepAliveDuring(run) {
      let renewing: Promise<void> | null = null;
      const timer = setInterval(() => {
        if (renewing || lost) return;
        renewing = renew(db, itemId, owner, ttlMs)
          .then((held) => {
            if (!held) lost = true;
          })
          .catch((error: unknown) => options.onLeaseError?.(error))
          .finally(() => {
            renewing = null;
          });
      }, Math.max(10, Math.floor(ttlMs / 3)));
      try {
        return await run();
      } finally {
        clearInterval(timer);
        await renewing;
      }
    },
  };
  try {
    return { status: "acquired", value: await work(lease) };
  } finally {
    // A failed release must not turn a finished sync into a failed one: the lease lapses anyway.
    await release(db, itemId, owner).catch((error: unknown) => options.onLeaseError?.(error));
  }
}
