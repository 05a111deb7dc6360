import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/server/jobs/job-errors";
import { decryptItemTokenForJob } from "../decrypt-item-token";
import { PlaidRequestError } from "../errors";
import { itemStatusFor, recordItemFailure } from "../record-item-failure";
import { plaidLogger, type PlaidDeps } from "../services";
import { applySyncChanges } from "./apply-sync-changes";
import { fetchSyncChanges, type FetchedChanges } from "./fetch-sync-changes";
import { withItemSyncLock } from "./item-sync-lock";

export interface SyncDeps {
  handle: Pick<DatabaseHandle, "db" | "driver">;
  plaid: PlaidDeps;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  pageSize?: number;
}

export type SyncOutcome =
  | { status: "synced"; added: number; modified: number; removed: number; pages: number; durationMs: number }
  | { status: "not_ready" }
  /** Another worker is syncing this item right now. */
  | { status: "busy" }
  /** Plaid refused for a reason only the user can fix (login, revoked); the item says so now. */
  | { status: "needs_user"; itemStatus: ItemStatus }
  | { status: "skipped"; reason: string };

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// Another writer moved the cursor between our read and write: start over from theirs, a few times.
const MAX_CURSOR_RACES = 3;

/**
 * Brings one item's transactions up to date from its stored cursor: one sync per item at a time,
 * every page fetched first, then all changes and the final cursor written in one transaction.
 * Safe to run any number of times: it is driven by Plaid's cursor, not by which webhook asked.
 */
export async function syncTransactions(deps: SyncDeps, itemId: string): Promise<SyncOutcome> {
  const { db } = deps.handle;
  const now = deps.now ?? (() => new Date());
  const log = plaidLogger(deps.plaid).child({ itemId });

  const locked = await withItemSyncLock(deps.handle, itemId, async (inTransaction): Promise<SyncOutcome> => {
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

      const accessToken = decryptItemTokenForJob(deps.plaid.vault, item.ciphertext, itemId);

      const startedAt = Date.now();
      await db.update(plaidItems).set({ syncState: "syncing" }).where(eq(plaidItems.id, itemId));
      let fetched: FetchedChanges;
      try {
        fetched = await fetchSyncChanges({
          client: deps.plaid.client,
          accessToken,
          cursor: item.cursor,
          sleep: deps.sleep ?? sleepFor,
          pageSize: deps.pageSize,
        });
      } catch (error) {
        return handleSyncFailure(deps, itemId, error);
      }
      if (!fetched.ready) {
        await db.update(plaidItems).set({ syncState: "not_ready" }).where(eq(plaidItems.id, itemId));
        log.info("transactions not ready yet; waiting for SYNC_UPDATES_AVAILABLE");
        return { status: "not_ready" };
      }

      const { changes } = fetched;
      const durationMs = Date.now() - startedAt;
      const result = await inTransaction((tx) =>
        applySyncChanges(
          tx,
          { itemId, userId: item.userId, startCursor: item.cursor },
          { nextCursor: fetched.nextCursor, changes, syncedAt: now(), durationMs },
        ),
      );
      if (result === "item_gone") return { status: "skipped", reason: "item removed during sync" };
      if (result === "applied") {
        log.info({ added: changes.added, modified: changes.modified, removed: changes.removed, pages: changes.pages, durationMs }, "transactions synced");
        return { status: "synced", added: changes.added, modified: changes.modified, removed: changes.removed, pages: changes.pages, durationMs };
      }
      log.warn("cursor moved during sync; starting over from the stored one");
    }
    throw new RetryableJobError("cursor kept moving during sync", 5_000);
  });
  return locked.acquired ? locked.value : { status: "busy" };
}

/** Turns a Plaid failure into the item's status (and stops) or into a retry of the job. */
async function handleSyncFailure(deps: SyncDeps, itemId: string, error: unknown): Promise<SyncOutcome> {
  const { db } = deps.handle;
  if (!(error instanceof PlaidRequestError)) {
    await db.update(plaidItems).set({ syncState: "failed" }).where(eq(plaidItems.id, itemId));
    throw error;
  }
  const { failure } = error;
  if (failure.kind === "product_not_ready") {
    await db.update(plaidItems).set({ syncState: "not_ready" }).where(eq(plaidItems.id, itemId));
    return { status: "not_ready" };
  }
  const itemStatus = itemStatusFor(failure);
  if (itemStatus) {
    // Retrying cannot fix a login or a revoked consent: say so on the item and stop.
    await recordItemFailure(db, itemId, failure);
    await db.update(plaidItems).set({ syncState: "failed" }).where(eq(plaidItems.id, itemId));
    plaidLogger(deps.plaid).warn({ itemId, code: failure.code, itemStatus }, "sync stopped: the item needs the user");
    return { status: "needs_user", itemStatus };
  }
  await db.update(plaidItems).set({ syncState: "failed" }).where(eq(plaidItems.id, itemId));
  const summary = `${error.endpoint} ${failure.kind} ${failure.code ?? ""} (request ${failure.requestId ?? "n/a"})`.trim();
  if (failure.kind === "invalid_request" || failure.kind === "not_supported") throw new PermanentJobError(summary);
  throw new RetryableJobError(summary, failure.kind === "rate_limited" ? 60_000 : 0);
}
