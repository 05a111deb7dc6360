import { sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { listOverdueLiabilities } from "@/server/finance/liabilities";
import { listUpcoming } from "@/server/finance/upcoming";
import { notifyLowBalance } from "./low-balance-notifications";
import { notify } from "./notify";

/** A bill is announced this many days ahead (and on each day up to it, once per due date). */
export const BILL_DUE_DAYS = 3;
/** A connection whose syncs have failed for this long is news. */
export const SYNC_FAILING_HOURS = 24;

const shortDate = (day: string) =>
  new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day}T00:00:00Z`));

export interface ScanSummary {
  billDue: number;
  overdue: number;
  lowBalance: number;
  syncFailing: number;
}

const usersWithLiveItems = (db: Queryable) =>
  queryRows<{ user_id: string }>(db, sql`select distinct user_id from plaid_items where removed_at is null and access_token_ciphertext is not null`);

/**
 * The time-based notifications, for every user: bills due within BILL_DUE_DAYS, cards and loans
 * marked overdue, cash projected below zero (low-balance-notifications.ts), connections failing to
 * sync for SYNC_FAILING_HOURS. Run by the hourly
 * `notifications-scan` job; each event's dedupe key makes repeats (every hour, two workers) free.
 * Each user's notifications commit together, apart from other users'.
 */
export async function scanDueNotifications(db: Database, now: Date = new Date()): Promise<ScanSummary> {
  const today = now.toISOString().slice(0, 10);
  const summary: ScanSummary = { billDue: 0, overdue: 0, lowBalance: 0, syncFailing: 0 };
  for (const { user_id: userId } of await usersWithLiveItems(db)) {
    await db.transaction(async (tx) => {
      for (const payment of await listUpcoming(tx, userId, { today, days: BILL_DUE_DAYS })) {
        if (payment.isOverdue) continue;
        const outcome = await notify(tx, {
          userId,
          kind: "bill_due",
          dedupeKey: `bill_due:${payment.source}:${payment.sourceId}:${payment.date}`,
          title: `${payment.description} due ${shortDate(payment.date)}`,
          body: `${payment.description}${payment.institutionName ? ` (${payment.institutionName})` : ""} is due on ${shortDate(payment.date)}.`,
          linkPath: "/recurring",
        });
        if (outcome.status === "written") summary.billDue += 1;
      }
      for (const liability of await listOverdueLiabilities(tx, userId)) {
        const what = liability.kind === "credit" ? "card" : "loan";
        const outcome = await notify(tx, {
          userId,
          kind: "payment_overdue",
          dedupeKey: `overdue:${liability.accountId}:${liability.nextPaymentDueDate ?? "unknown"}`,
          title: `${liability.accountName} payment is overdue`,
          body: `${liability.institutionName ?? "Your bank"} reports a payment on this ${what} as overdue${liability.nextPaymentDueDate ? ` (it was due ${shortDate(liability.nextPaymentDueDate)})` : ""}.`,
          linkPath: `/accounts/${liability.accountId}`,
        });
        if (outcome.status === "written") summary.overdue += 1;
      }
      summary.lowBalance += await notifyLowBalance(tx, userId, today);
    });
  }
  summary.syncFailing = await notifySyncFailing(db, now);
  return summary;
}

interface FailingItem extends Record<string, unknown> {
  id: string;
  user_id: string;
  institution_name: string | null;
  since: Date | string;
}

/** Items whose syncs fail (a failed sync, or an item error) and whose last success is over a day old: one notification per stall. */
async function notifySyncFailing(db: Database, now: Date): Promise<number> {
  const failing = await queryRows<FailingItem>(
    db,
    sql`select id, user_id, institution_name, coalesce(last_synced_at, created_at) as since from plaid_items
        where removed_at is null and access_token_ciphertext is not null
          and (sync_state = 'failed' or status = 'error')
          and coalesce(last_synced_at, created_at) < ${now.toISOString()}::timestamptz - ${SYNC_FAILING_HOURS}::int * interval '1 hour'`,
  );
  let written = 0;
  for (const item of failing) {
    const bank = item.institution_name ?? "A connection";
    const outcome = await notify(db, {
      userId: item.user_id,
      kind: "sync_failing",
      dedupeKey: `sync_failing:${item.id}:${new Date(item.since).toISOString()}`,
      title: `${bank} has not updated for over a day`,
      body: `Ledgerlink could not update ${bank} since ${new Date(item.since).toUTCString().slice(0, 16)}. It keeps trying; if this goes on, try reconnecting it.`,
      linkPath: "/accounts",
    });
    if (outcome.status === "written") written += 1;
  }
  return written;
}
