import type { AccountBase, PlaidApi } from "plaid";
import { RetryableJobError } from "@/server/jobs/job-errors";
import { callPlaid } from "../call-plaid";
import { PlaidRequestError } from "../errors";
import { syncPageSchema, type SyncPage } from "./sync-page-schema";

export const SYNC_PAGE_SIZE = 500;
const MAX_RESTARTS = 5;
const MAX_PAGE_ATTEMPTS = 4;

export interface FetchSyncOptions {
  client: PlaidApi;
  accessToken: string;
  /** The stored cursor; null = from the beginning. */
  cursor: string | null;
  sleep: (ms: number) => Promise<void>;
  pageSize?: number;
  /** Called before each page request; throws to stop (e.g. the item's sync lease was lost). */
  beforePage?: () => void;
  /** Where each page goes as it arrives (staged in the database), and what a restart discards. */
  sink: SyncPageSink;
}

export interface SyncPageSink {
  addPage(page: SyncPage, accounts: AccountBase[]): Promise<void>;
  /** Forget every page added so far: the loop starts over from the first cursor. */
  restart(): Promise<void>;
}

export type FetchedChanges =
  | { ready: true; pages: number; nextCursor: string; /** The last page's transactions_update_status. */ updateStatus: string | null }
  /** A new item whose first sync answered nothing and `next_cursor: ""`: data is not ready yet. */
  | { ready: false };

/** Plaid's own signal to start the whole loop over from the cursor it began with. */
const isMutationDuringPagination = (error: unknown) =>
  error instanceof PlaidRequestError && error.failure.code === "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION";

/**
 * One page, retrying briefly on the failures that pass (Plaid 5xx, timeouts, rate limits) with
 * the same cursor, so pages already fetched are not thrown away. Past that, the job's own
 * backoff takes over; nothing has been written, so a retry starts cleanly from the stored cursor.
 */
async function fetchPage(options: FetchSyncOptions, cursor: string | null): Promise<{ page: SyncPage; accounts: AccountBase[] }> {
  for (let attempt = 1; ; attempt += 1) {
    options.beforePage?.();
    try {
      const data = await callPlaid("/transactions/sync", () =>
        options.client.transactionsSync({
          access_token: options.accessToken,
          cursor: cursor ?? undefined,
          count: options.pageSize ?? SYNC_PAGE_SIZE,
        }),
      );
      return { page: syncPageSchema.parse(data), accounts: data.accounts };
    } catch (error) {
      if (!(error instanceof PlaidRequestError) || isMutationDuringPagination(error)) throw error;
      const { kind } = error.failure;
      const transient = kind === "plaid_unavailable" || kind === "institution_unavailable" || kind === "rate_limited";
      if (!transient) throw error;
      // Plaid allows about 50 syncs per item per minute: wait seconds for a rate limit, not ms.
      const delayMs = (kind === "rate_limited" ? 2_000 : 250) * 2 ** (attempt - 1);
      if (attempt >= MAX_PAGE_ATTEMPTS) {
        throw new RetryableJobError(`/transactions/sync ${kind} after ${attempt} attempts`, kind === "rate_limited" ? 60_000 : 0);
      }
      await options.sleep(delayMs);
    }
  }
}

/**
 * Pages `/transactions/sync` from the stored cursor until `has_more` is false, handing each page
 * to the sink as it arrives. A page is written while the next one is fetched (one write in
 * flight, pages handed over in order), so at most two pages are in memory. Nothing here touches
 * the stored data or cursor: the caller applies the staged pages with the final cursor in one
 * transaction, so a crash at any point leaves the stored cursor and the data in step.
 */
export async function fetchSyncChanges(options: FetchSyncOptions): Promise<FetchedChanges> {
  for (let restart = 0; ; restart += 1) {
    if (restart > 0) await options.sink.restart();
    let cursor = options.cursor;
    let pages = 0;
    let writing: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const { page, accounts } = await fetchPage(options, cursor);
        const empty = page.added.length === 0 && page.modified.length === 0 && page.removed.length === 0;
        if (pages === 0 && page.next_cursor === "" && empty) return { ready: false };
        await writing;
        writing = options.sink.addPage(page, accounts);
        // Handled here so a failed write is not an unhandled rejection while the next page is
        // fetched; the `await writing` that follows still throws it.
        writing.catch(() => {});
        pages += 1;
        cursor = page.next_cursor;
        if (!page.has_more) {
          await writing;
          return { ready: true, pages, nextCursor: page.next_cursor, updateStatus: page.transactions_update_status ?? null };
        }
      }
    } catch (error) {
      // A write still in flight lands before anyone restarts or discards this attempt.
      await writing.catch(() => {});
      if (!isMutationDuringPagination(error)) throw error;
      // The data changed under us mid-pagination: Plaid requires starting over from the first cursor.
      if (restart + 1 >= MAX_RESTARTS) throw new RetryableJobError("transactions kept changing during pagination", 5_000);
    }
  }
}
