import { and, eq, isNull } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, type ItemStatus, type SyncState } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/server/jobs/job-errors";
import { logError } from "@/server/observability/error-log-fields";
import { decryptItemTokenForJob } from "../decrypt-item-token";
import { isPermanentFailure, PlaidRequestError } from "../errors";
import { recordAccessNotGranted } from "../record-product-access";
import { itemStatusFor, recordItemFailure } from "../record-item-failure";
import { plaidLogger, type PlaidDeps } from "../services";
import { applySyncChanges } from "./apply-sync-changes";
import { fetchSyncChanges, type FetchedChanges } from "./fetch-sync-changes";
import { recordHistoryStatus } from "./record-history-status";
import { withItemSyncLease, type ItemSyncLease } from "./item-sync-lease";
import { discardStagedSyncs, StagedSyncAttempt } from "./staged-sync-attempt";

export interface SyncDeps {
  handle: Pick<DatabaseHandle, "db">;
  plaid: PlaidDeps;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  pageSize?: number;
  /** The item sync lease's term (default 60 s); the worker passes its job lease so both lapse together. */
  leaseMs?: number;
}

export type SyncOutcome =
  | { status: "synced"; added: number; modified: number; removed: number; pages: number; durationMs: number }
  | { status: "not_ready" }
  /** Another sync holds this item's lease (or took it over from this one, which then wrote nothing). */
  | { status: "busy" }
  /** Plaid refused for a reason only the user can fix (login, revoked); the item says so now. */
  | { status: "needs_user"; itemStatus: ItemStatus }
  /** ACCESS_NOT_GRANTED: the user withheld the transactions permission at the bank; recorded on the product. */
  | { status: "access_not_granted" }
  | { status: "skipped"; reason: string };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// Another writer moved the cursor between our read and write: start over from theirs, a few times.
const MAX_CURSOR_RACES = 3;

/** Thrown before a page request once the lease is known to be lost: fetching more is wasted. */
class LeaseLostError extends Error {
  override name = "LeaseLostError";
}

/**
 * Brings one item's transactions up to date from its stored cursor: one sync per item at a time
 * (a lease on the item row), every page fetched and staged in the database as it arrives, with no
 * transaction open and no connection held between pages, then the staged changes and the final
 * cursor written in one transaction. Holds one page in memory, not the item's history. Safe to
 * run any number of times: it is driven by Plaid's cursor, not by which webhook asked.
 */
export async function syncTransactions(deps: SyncDeps, itemId: string): Promise<SyncOutcome> {
  const log = plaidLogger(deps.plaid).child({ itemId });
  const leased = await withItemSyncLease(
    deps.handle.db,
    itemId,
    { ttlMs: deps.leaseMs, onLeaseError: logError(log, "warn", "sync lease renewal or release failed") },
    (lease) => syncUnderLease(deps, lease),
  );
  if (leased.status === "missing") return { status: "skipped", reason: "item removed" };
  if (leased.status === "held") return { status: "busy" };
  return leased.value;
}

async function syncUnderLease(deps: SyncDeps, lease: ItemSyncLease): Promise<SyncOutcome> {
  const { db } = deps.handle;
  const { itemId } = lease;
  const now = deps.now ?? (() => new Date());
  const log = plaidLogger(deps.plaid).child({ itemId });

  for (let race = 0; race < MAX_CURSOR_RACES; race += 1) {
    const [item] = await db
      .select({
        userId: plaidItems.userId,
        ciphertext: plaidItems.accessTokenCiphertext,
        cursor: plaidItems.transactionsCursor,
        removedAt: plaidItems.removedAt,
      })
      .from(plaidItems)
      .where(eq(plaidItems.id, itemId));
    if (!item || item.removedAt || !item.ciphertext) return { status: "skipped", reason: "item removed or disconnected" };

    const accessToken = await decryptItemTokenForJob(deps.plaid, db, { id: itemId, accessTokenCiphertext: item.ciphertext });

    const startedAt = Date.now();
    await setSyncState(deps, itemId, "syncing");
    // Whatever an earlier sync of this item left staged (it crashed, or lost its lease) is stale.
    await discardStagedSyncs(db, itemId);
    const staging = new StagedSyncAttempt(db, itemId);
    // Best effort: the next sync of the item discards these rows anyway.
    const discardStaged = () => staging.discard().catch(logError(log, "warn", "could not discard staged sync rows"));
    let fetched: FetchedChanges;
    try {
      fetched = await lease.keepAliveDuring(() =>
        fetchSyncChanges({
          sink: staging,
          client: deps.plaid.client,
          accessToken,
          cursor: item.cursor,
          sleep: deps.sleep ?? sleepFor,
          pageSize: deps.pageSize,
          beforePage: () => {
            if (lease.lost) throw new LeaseLostError("the item's sync lease was taken over");
          },
        }),
      );
    } catch (error) {
      await discardStaged();
      if (error instanceof LeaseLostError) return leaseLost(deps, itemId);
      return handleSyncFailure(deps, itemId, error);
    }
    if (!fetched.ready) {
      await setSyncState(deps, itemId, "not_ready");
      log.info("transactions not ready yet; waiting for SYNC_UPDATES_AVAILABLE");
      return { status: "not_ready" };
    }

    const { tally: changes, attempt } = staging;
    const durationMs = Date.now() - startedAt;
    // The only transaction of the sync, opened after the last Plaid call and holding no other work.
    const result = await db
      .transaction((tx) =>
        applySyncChanges(
          tx,
          { itemId, userId: item.userId, startCursor: item.cursor, leaseOwner: lease.owner },
          { attempt, tally: changes, nextCursor: fetched.nextCursor, syncedAt: now(), durationMs },
        ),
      )
      .catch(async (error: unknown) => {
        await discardStaged();
        throw error;
      });
    if (result !== "applied") await discardStaged();
    if (result === "item_gone") return { status: "skipped", reason: "item removed during sync" };
    if (result === "lease_lost") return leaseLost(deps, itemId);
    if (result === "applied") {
      await recordHistoryStatus(db, itemId, fetched.updateStatus);
      log.info({ added: changes.added, modified: changes.modified, removed: changes.removed, pages: changes.pages, durationMs }, "transactions synced");
      return { status: "synced", added: changes.added, modified: changes.modified, removed: changes.removed, pages: changes.pages, durationMs };
    }
    log.warn("cursor moved during sync; starting over from the stored one");
  }
  throw new RetryableJobError("cursor kept moving during sync", 5_000);
}

function leaseLost(deps: SyncDeps, itemId: string): SyncOutcome {
  // Its new holder syncs from the stored cursor; this run's pages are dropped unwritten.
  plaidLogger(deps.plaid).warn({ itemId }, "sync lease lost to another sync; nothing written");
  return { status: "busy" };
}

/** Sync state of a live item only: a removed item keeps what removal wrote. */
async function setSyncState(deps: SyncDeps, itemId: string, syncState: SyncState): Promise<void> {
  await deps.handle.db
    .update(plaidItems)
    .set({ syncState })
    .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)));
}

/** Turns a Plaid failure into the item's status (and stops) or into a retry of the job. */
async function handleSyncFailure(deps: SyncDeps, itemId: string, error: unknown): Promise<SyncOutcome> {
  if (!(error instanceof PlaidRequestError)) {
    await setSyncState(deps, itemId, "failed");
    throw error;
  }
  const { failure } = error;
  if (failure.kind === "product_not_ready") {
    await setSyncState(deps, itemId, "not_ready");
    return { status: "not_ready" };
  }
  if (failure.kind === "access_not_granted") {
    // Only the user can grant it (update mode); the item itself is not broken.
    await recordAccessNotGranted(deps.handle.db, itemId, "transactions", failure);
    await setSyncState(deps, itemId, "failed");
    plaidLogger(deps.plaid).warn({ itemId, code: failure.code }, "sync stopped: the transactions permission was not granted at the bank");
    return { status: "access_not_granted" };
  }
  const itemStatus = itemStatusFor(failure);
  if (itemStatus) {
    // Retrying cannot fix a login or a revoked consent: say so on the item and stop.
    await recordItemFailure(deps.handle.db, itemId, failure);
    await setSyncState(deps, itemId, "failed");
    plaidLogger(deps.plaid).warn({ itemId, code: failure.code, itemStatus }, "sync stopped: the item needs the user");
    return { status: "needs_user", itemStatus };
  }
  await setSyncState(deps, itemId, "failed");
  const summary = `${error.endpoint} ${failure.kind} ${failure.code ?? ""} (request ${failure.requestId ?? "n/a"})`.trim();
  if (isPermanentFailure(failure)) throw new PermanentJobError(summary);
  throw new RetryableJobError(summary, failure.kind === "rate_limited" ? 60_000 : 0);
}
