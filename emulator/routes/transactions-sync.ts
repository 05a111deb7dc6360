import { z } from "zod";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { requireGranted } from "../products/consent";
import { findSandboxUser } from "../sandbox-users";
import { type LogEntry } from "../state/item-data";
import { type TxnRecord } from "../state/schema";
import { AccessTokenBody, itemForAccessToken } from "./access";
import { renderAccount, renderTransaction } from "./render";
import { decodeCursor, encodeCursor } from "./sync-cursor";

const Body = AccessTokenBody.extend({
  cursor: z.string().nullish(),
  count: z.number().int().nullish(),
  options: z.object({ include_original_description: z.boolean().nullish() }).loose().optional(),
});

/**
 * Folds a page of log entries into Plaid's three lists, so one transaction appears at most once:
 * added-then-modified is added (latest version), added-then-removed vanishes, modified-then-removed
 * is removed.
 */
function foldPage(entries: readonly LogEntry[]): Map<string, { kind: LogEntry["kind"]; txn: TxnRecord }> {
  const net = new Map<string, { kind: LogEntry["kind"]; txn: TxnRecord }>();
  for (const entry of entries) {
    const previous = net.get(entry.txn.id);
    if (entry.kind === "added") net.set(entry.txn.id, { kind: "added", txn: entry.txn });
    else if (entry.kind === "modified") net.set(entry.txn.id, { kind: previous?.kind === "added" ? "added" : "modified", txn: entry.txn });
    else if (previous?.kind === "added") net.delete(entry.txn.id);
    else net.set(entry.txn.id, { kind: "removed", txn: entry.txn });
  }
  return net;
}

export const transactionsSync = defineRoute("/transactions/sync", Body, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  requireGranted(item, "transactions");
  // Plaid limits /transactions/sync per item per minute; the benchmark users are exempt so a
  // 100k-row sync (200 pages) measures the app, not the limiter.
  if (findSandboxUser(item.username)?.benchmark !== true && !emu.rateLimiter.allow(`/transactions/sync:${item.itemId}`, Date.now())) {
    throw new PlaidApiError("TRANSACTIONS_SYNC_LIMIT");
  }
  const count = body.count ?? 100;
  if (count < 1 || count > 500) throw new PlaidApiError("INVALID_FIELD", "count must be an integer between 1 and 500");

  const data = emu.store.data(item);
  const accounts = data.accounts.map((account) => renderAccount(account));
  if (!item.ready) {
    return { added: [], modified: [], removed: [], next_cursor: "", has_more: false, transactions_update_status: "NOT_READY", accounts };
  }

  const log = data.log;
  let position = 0;
  if (body.cursor !== undefined && body.cursor !== null && body.cursor !== "") {
    const cursor = decodeCursor(body.cursor);
    if (cursor === undefined || cursor.item !== item.itemId || cursor.position > log.length) {
      throw new PlaidApiError("INVALID_FIELD", "cursor is invalid; use a next_cursor returned for this item, or omit it to start over");
    }
    if (cursor.more && cursor.logLength !== log.length) throw new PlaidApiError("TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION");
    position = cursor.position;
  }

  const end = Math.min(position + count, log.length);
  const hasMore = end < log.length;
  const includeOriginal = body.options?.include_original_description === true;
  const added: Record<string, unknown>[] = [];
  const modified: Record<string, unknown>[] = [];
  const removed: { transaction_id: string; account_id: string }[] = [];
  for (const { kind, txn } of foldPage(log.slice(position, end)).values()) {
    if (kind === "added") added.push(renderTransaction(txn, includeOriginal));
    else if (kind === "modified") modified.push(renderTransaction(txn, includeOriginal));
    else removed.push({ transaction_id: txn.id, account_id: txn.accountId });
  }
  return {
    added,
    modified,
    removed,
    next_cursor: encodeCursor({ item: item.itemId, position: end, logLength: log.length, more: hasMore }),
    has_more: hasMore,
    transactions_update_status: item.historyComplete ? "HISTORICAL_UPDATE_COMPLETE" : "INITIAL_UPDATE_COMPLETE",
    accounts,
  };
});
