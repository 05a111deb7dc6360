import { eq, sql } from "drizzle-orm";
import type { Transaction } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidItems } from "@/db/schema";
import { humanisedPrimary } from "@/server/edits/seed-categories";
import { refreshMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { RetryableJobError } from "@/server/jobs/job-errors";
import { applyRulesToSyncedTransactions } from "@/server/rules/apply-rules-in-sync";
import { toAccountSnapshot } from "../account-snapshot";
import { saveAccounts } from "../save-accounts";
import { carryEditsThroughRemovals } from "./carry-edits-through-removals";
import type { SyncTally } from "./sync-changes";

export interface SyncTarget {
  itemId: string;
  userId: string;
  /** The cursor the sync started from; the write only happens if it is still the stored one. */
  startCursor: string | null;
  /** The sync's lease owner; the write only happens if the item's lease is still this one. */
  leaseOwner: string;
}

export interface AppliedSync {
  /** The staged attempt (sync_staged_transactions) whose rows this sync wrote. */
  attempt: string;
  tally: SyncTally;
  nextCursor: string;
  syncedAt: Date;
  durationMs: number;
}

export type ApplyResult = "applied" | "cursor_moved" | "item_gone" | "lease_lost";

/**
 * Moves one staged attempt into plaid_transactions in one statement: deletes the staged rows
 * (they are gone exactly when the data is applied), folds them to the last operation per id in
 * stream order (DISTINCT ON … seq desc), deletes the ids whose last operation is a removal and
 * upserts the rest. Deletions and upserts are disjoint by construction, so their order is moot.
 * Also answers the months the statement touched: the new dates, and the old dates of the rows it
 * modified or deleted (every sub-statement sees the rows as they were before it), so the month
 * totals of exactly those months can be recomputed next.
 */
function applyStagedStatement(target: SyncTarget, attempt: string) {
  return sql`
    with staged as (
      delete from sync_staged_transactions
      where item_id = ${target.itemId}::uuid and attempt = ${attempt}::uuid
      returning *
    ),
    net as (
      select distinct on (plaid_transaction_id) * from staged order by plaid_transaction_id, seq desc
    ),
    deleted as (
      delete from plaid_transactions t using net
      where net.removed and t.plaid_transaction_id = net.plaid_transaction_id and t.item_id = ${target.itemId}::uuid
      returning 1
    ),
    upserted as (
      insert into plaid_transactions as t (
        plaid_transaction_id, item_id, user_id, plaid_account_id, amount, iso_currency_code, unofficial_currency_code,
        date, authorized_date, name, merchant_name, category_primary, category_detailed, category_confidence,
        pending, pending_transaction_id, payment_channel)
      select n.plaid_transaction_id, ${target.itemId}::uuid, ${target.userId}, n.plaid_account_id, n.amount, n.iso_currency_code,
        n.unofficial_currency_code, n.date, n.authorized_date, n.name, n.merchant_name, n.category_primary, n.category_detailed,
        n.category_confidence, n.pending, n.pending_transaction_id, n.payment_channel
      from net n where not n.removed
      on conflict (plaid_transaction_id) do update set
        plaid_account_id = excluded.plaid_account_id, amount = excluded.amount, iso_currency_code = excluded.iso_currency_code,
        unofficial_currency_code = excluded.unofficial_currency_code, date = excluded.date, authorized_date = excluded.authorized_date,
        name = excluded.name, merchant_name = excluded.merchant_name, category_primary = excluded.category_primary,
        category_detailed = excluded.category_detailed, category_confidence = excluded.category_confidence,
        pending = excluded.pending, pending_transaction_id = excluded.pending_transaction_id,
        payment_channel = excluded.payment_channel, updated_at = now()
      -- A transaction id is Plaid-global; never let one item's sync rewrite another item's row.
      where t.item_id = excluded.item_id
      returning 1
    ),
    -- A Plaid primary this user has no category for yet gets its seeded category before the month
    -- totals (the next statement) group by it.
    seeded as (
      insert into categories (user_id, name, plaid_primary)
      select ${target.userId}, ${humanisedPrimary(sql`p.category_primary`)}, p.category_primary
      from (select distinct n.category_primary from net n where not n.removed and n.category_primary is not null) as p
      where not exists (select 1 from categories c where c.user_id = ${target.userId} and c.plaid_primary = p.category_primary)
      on conflict do nothing
      returning 1
    ),
    touched as (
      select t.date from plaid_transactions t join net on t.plaid_transaction_id = net.plaid_transaction_id
      where t.item_id = ${target.itemId}::uuid
      union
      select n.date from net n where not n.removed
    )
    select (select count(*) from staged)::int as staged,
      (select coalesce(string_agg(distinct to_char(date, 'YYYY-MM-01'), ','), '') from touched) as months`;
}

/**
 * Writes one sync's staged changes and its final cursor in the caller's transaction. The cursor is
 * saved only together with the data it stands for: a crash before commit leaves the old cursor,
 * the old rows and the staged ones (the next sync discards those and fetches the same changes
 * again). The item row is locked first and must still carry this sync's lease: a sync whose lease
 * lapsed and was taken over writes nothing, and a lease taker waits for this commit.
 * Compare-and-set on the cursor makes any other overlapping writer harmless too. If the staged
 * rows are not all there (the unlogged staging table is emptied by a server crash), nothing is
 * written and the job retries.
 */
export async function applySyncChanges(tx: Transaction, target: SyncTarget, applied: AppliedSync): Promise<ApplyResult> {
  const [item] = await tx
    .select({ cursor: plaidItems.transactionsCursor, removedAt: plaidItems.removedAt, leaseOwner: plaidItems.syncLeaseOwner })
    .from(plaidItems)
    .where(eq(plaidItems.id, target.itemId))
    .for("update");
  if (!item || item.removedAt) return "item_gone";
  if (item.leaseOwner !== target.leaseOwner) return "lease_lost";
  if (item.cursor !== target.startCursor) return "cursor_moved";

  const { tally } = applied;
  await saveAccounts(tx, target, [...tally.accounts.values()].map(toAccountSnapshot), applied.syncedAt);

  // Edits and splits of rows this sync removes move to their posted successors first (or leave a notice).
  await carryEditsThroughRemovals(tx, target, applied.attempt);
  const [written] = await queryRows<{ staged: number; months: string }>(tx, applyStagedStatement(target, applied.attempt));
  if (Number(written?.staged ?? -1) !== tally.stagedRows) {
    // Throwing rolls the transaction back: no cursor without its data.
    throw new RetryableJobError(`staged sync rows missing (found ${String(written?.staged)}, staged ${tally.stagedRows})`, 0);
  }
  // The user's rules on the rows just written, before the totals so they count rule categories.
  await applyRulesToSyncedTransactions(tx, target, written?.months ? written.months.split(",") : []);
  // In the same transaction: the overview and the explorer's totals never see rows without their sums.
  await refreshMonthTotals(tx, target, written?.months ? written.months.split(",") : []);

  await tx
    .update(plaidItems)
    .set({
      transactionsCursor: applied.nextCursor,
      syncState: "idle",
      lastSyncedAt: applied.syncedAt,
      lastSyncAdded: tally.added,
      lastSyncModified: tally.modified,
      lastSyncRemoved: tally.removed,
      lastSyncDurationMs: applied.durationMs,
    })
    .where(eq(plaidItems.id, target.itemId));
  return "applied";
}
