import { and, eq, gte, isNull, lte, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accountLiabilities, plaidAccounts, plaidItems, recurringStreams } from "@/db/schema";
import { accountCurrency } from "./overview-rules";

/** A payment expected in the window: a recurring bill's next date, or a loan or card due date. */
export interface UpcomingPayment {
  date: string;
  source: "recurring" | "liability";
  /** The stream id for a recurring payment, the account id for a liability. */
  sourceId: string;
  description: string;
  /** A positive decimal string: the stream's average, or the liability's minimum payment (null if Plaid gave none). */
  amount: string | null;
  currency: string | null;
  itemId: string;
  institutionName: string | null;
  accountId: string | null;
  accountName: string | null;
  /** The stream's frequency (MONTHLY…) or the liability's kind (credit, student, mortgage). */
  detail: string;
  /** Liabilities only: the bank says a payment is overdue. */
  isOverdue: boolean;
}

const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Payments due from `today` through `today + days` (inclusive), soonest first: the predicted next
 * date of active recurring outflows and the next due date of liabilities, at live connections.
 * `today` is a calendar day (YYYY-MM-DD) so the caller decides the time zone.
 */
export async function listUpcoming(db: Queryable, userId: string, window: { today: string; days: number }): Promise<UpcomingPayment[]> {
  const until = addDays(window.today, window.days);
  const live = and(eq(plaidItems.userId, userId), isNull(plaidItems.removedAt));

  const streams = await db
    .select({
      date: sql<string>`${recurringStreams.predictedNextDate}::text`,
      sourceId: recurringStreams.streamId,
      description: sql<string>`coalesce(${recurringStreams.merchantName}, ${recurringStreams.description})`,
      amount: sql<string>`abs(${recurringStreams.averageAmount})::text`,
      currency: sql<string | null>`coalesce(${recurringStreams.isoCurrencyCode}, ${recurringStreams.unofficialCurrencyCode})`,
      itemId: recurringStreams.itemId,
      institutionName: plaidItems.institutionName,
      accountId: plaidAccounts.id,
      accountName: plaidAccounts.name,
      detail: recurringStreams.frequency,
    })
    .from(recurringStreams)
    .innerJoin(plaidItems, eq(plaidItems.id, recurringStreams.itemId))
    .leftJoin(plaidAccounts, and(eq(plaidAccounts.plaidAccountId, recurringStreams.plaidAccountId), eq(plaidAccounts.userId, userId)))
    .where(
      and(
        eq(recurringStreams.userId, userId),
        live,
        eq(recurringStreams.direction, "outflow"),
        eq(recurringStreams.isActive, true),
        sql`${recurringStreams.status} <> 'TOMBSTONED'`,
        gte(recurringStreams.predictedNextDate, window.today),
        lte(recurringStreams.predictedNextDate, until),
      ),
    );

  const liabilities = await db
    .select({
      date: sql<string>`${accountLiabilities.nextPaymentDueDate}::text`,
      sourceId: accountLiabilities.accountId,
      description: plaidAccounts.name,
      amount: sql<string | null>`abs(${accountLiabilities.minimumPayment})::text`,
      currency: accountCurrency,
      itemId: accountLiabilities.itemId,
      institutionName: plaidItems.institutionName,
      accountId: plaidAccounts.id,
      accountName: plaidAccounts.name,
      detail: accountLiabilities.kind,
      isOverdue: sql<boolean>`coalesce(${accountLiabilities.isOverdue}, false)`,
    })
    .from(accountLiabilities)
    .innerJoin(plaidAccounts, eq(plaidAccounts.id, accountLiabilities.accountId))
    .innerJoin(plaidItems, eq(plaidItems.id, accountLiabilities.itemId))
    .where(
      and(
        eq(accountLiabilities.userId, userId),
        live,
        gte(accountLiabilities.nextPaymentDueDate, window.today),
        lte(accountLiabilities.nextPaymentDueDate, until),
      ),
    );

  const merged: UpcomingPayment[] = [
    ...streams.map((row) => ({ ...row, source: "recurring" as const, isOverdue: false })),
    ...liabilities.map((row) => ({ ...row, source: "liability" as const })),
  ];
  return merged.sort((a, b) => a.date.localeCompare(b.date) || a.source.localeCompare(b.source) || a.description.localeCompare(b.description) || a.sourceId.localeCompare(b.sourceId));
}
