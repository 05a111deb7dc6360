import { and, eq, isNull } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { plaidItemProducts, plaidItems, type ItemStatus } from "@/db/schema";
import { PermanentJobError, RetryableJobError } from "@/server/jobs/job-errors";
import { decryptItemTokenForJob } from "./decrypt-item-token";
import { isPermanentFailure, PlaidRequestError, type PlaidFailure } from "./errors";
import { itemStatusFor, recordItemFailure } from "./record-item-failure";
import { plaidLogger, type PlaidDeps } from "./services";

/** Optional data an item may or may not be able to give (Plaid products beyond transactions). */
export type ItemProduct = "recurring" | "liabilities";

export type ProductFetchOutcome =
  | { status: "stored"; rows: number }
  /** Plaid is still preparing it (PRODUCT_NOT_READY): try again later. */
  | { status: "not_ready" }
  /** This item cannot have it (no consent, the bank does not offer it, no such accounts): recorded with the reason. */
  | { status: "unavailable"; code: string | null; reason: string }
  /** Plaid refused for a reason only the user can fix (login, revoked); the item says so now. */
  | { status: "needs_user"; itemStatus: ItemStatus }
  | { status: "skipped"; reason: string };

export interface ItemProductFetch<T> {
  product: ItemProduct;
  /** The Plaid endpoint, for logs and errors. */
  endpoint: string;
  /** The Plaid call (through callPlaid) and the parse of its answer. */
  fetch: (accessToken: string) => Promise<T>;
  /** Replaces the item's stored rows with `data`, inside the transaction; answers how many were written. */
  replace: (tx: Transaction, item: { id: string; userId: string }, data: T) => Promise<number>;
  /** Deletes the item's stored rows (the product became unavailable). */
  clear: (tx: Transaction, itemId: string) => Promise<void>;
}

// Plaid's answer for "this item cannot have it": retrying will not change it, so record the reason.
// ACCESS_NOT_GRANTED (a withheld OAuth permission) too: its code tells the UI to offer "Grant access".
const UNAVAILABLE = new Set(["consent_required", "not_supported", "access_not_granted"]);
// PRODUCT_NOT_READY: Plaid is still preparing the data; a webhook usually says when it is ready.
const NOT_READY_RETRY_MS = 30_000;

/**
 * One item's product data from Plaid into the database, for a background job: the token is
 * decrypted right before the call, no transaction is open during it, and the item's whole set is
 * replaced in one short transaction that first locks the live item row (so a removal either waits
 * or wins, and a removed item never gets rows back). Safe to run any number of times.
 */
export async function fetchItemProduct<T>(deps: { db: Database; plaid: PlaidDeps }, itemId: string, fetch: ItemProductFetch<T>): Promise<ProductFetchOutcome> {
  const { db } = deps;
  const [item] = await db
    .select({ id: plaidItems.id, userId: plaidItems.userId, ciphertext: plaidItems.accessTokenCiphertext, removedAt: plaidItems.removedAt })
    .from(plaidItems)
    .where(eq(plaidItems.id, itemId));
  if (!item || item.removedAt || !item.ciphertext) return { status: "skipped", reason: "item removed or disconnected" };

  const accessToken = await decryptItemTokenForJob(deps.plaid, db, { id: item.id, accessTokenCiphertext: item.ciphertext });
  let data: T;
  try {
    data = await fetch.fetch(accessToken);
  } catch (error) {
    if (!(error instanceof PlaidRequestError)) throw error;
    return onFailure(deps, { id: item.id, userId: item.userId }, fetch, error);
  }

  const rows = await withLiveItem(db, item.id, async (tx) => {
    const written = await fetch.replace(tx, item, data);
    await recordAvailability(tx, { itemId: item.id, userId: item.userId, product: fetch.product }, null);
    return written;
  });
  if (rows === null) return { status: "skipped", reason: "item removed during the fetch" };
  plaidLogger(deps.plaid).info({ itemId, product: fetch.product, rows }, "item product data stored");
  return { status: "stored", rows };
}

async function onFailure<T>(
  deps: { db: Database; plaid: PlaidDeps },
  item: { id: string; userId: string },
  fetch: ItemProductFetch<T>,
  error: PlaidRequestError,
): Promise<ProductFetchOutcome> {
  const { failure } = error;
  const log = plaidLogger(deps.plaid).child({ itemId: item.id, product: fetch.product, code: failure.code });
  if (failure.kind === "product_not_ready") return { status: "not_ready" };
  if (UNAVAILABLE.has(failure.kind)) {
    // What was stored before no longer holds (consent withdrawn, accounts closed): show nothing.
    const recorded = await withLiveItem(deps.db, item.id, async (tx) => {
      await fetch.clear(tx, item.id);
      await recordAvailability(tx, { itemId: item.id, userId: item.userId, product: fetch.product }, failure);
      return true;
    });
    if (recorded === null) return { status: "skipped", reason: "item removed during the fetch" };
    log.info("item product unavailable");
    return { status: "unavailable", code: failure.code, reason: failure.message };
  }
  const itemStatus = itemStatusFor(failure);
  if (itemStatus) {
    await recordItemFailure(deps.db, item.id, failure);
    log.warn({ itemStatus }, "item product fetch stopped: the item needs the user");
    return { status: "needs_user", itemStatus };
  }
  const summary = `${error.endpoint} ${failure.kind} ${failure.code ?? ""} (request ${failure.requestId ?? "n/a"})`.trim();
  if (isPermanentFailure(failure)) throw new PermanentJobError(summary);
  throw new RetryableJobError(summary, failure.kind === "rate_limited" ? 60_000 : 0);
}

/** Runs `work` in a transaction holding the live item's row; null when the item is gone. */
async function withLiveItem<R>(db: Database, itemId: string, work: (tx: Transaction) => Promise<R>): Promise<R | null> {
  return db.transaction(async (tx) => {
    const [live] = await tx
      .select({ id: plaidItems.id })
      .from(plaidItems)
      .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)))
      .for("update");
    return live ? work(tx) : null;
  });
}

async function recordAvailability(
  tx: Transaction,
  scope: { itemId: string; userId: string; product: ItemProduct },
  failure: PlaidFailure | null,
): Promise<void> {
  const now = new Date();
  const fields = failure
    ? { unavailableCode: failure.code, unavailableReason: failure.message, checkedAt: now }
    : { unavailableCode: null, unavailableReason: null, fetchedAt: now, checkedAt: now };
  await tx
    .insert(plaidItemProducts)
    .values({ ...scope, ...fields })
    .onConflictDoUpdate({ target: [plaidItemProducts.itemId, plaidItemProducts.product], set: fields });
}

/** The job's answer to "not ready": a retry after a floor, bounded by the job's attempts. */
export function notReadyRetry(product: ItemProduct): RetryableJobError {
  return new RetryableJobError(`${product} not ready at Plaid yet`, NOT_READY_RETRY_MS);
}
