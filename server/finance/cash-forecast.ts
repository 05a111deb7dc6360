import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { accountLiabilities, plaidAccounts, plaidItems, recurringStreams } from "@/db/schema";
import { projectCashForecast, type CurrencyForecast } from "./cash-forecast-math";
import { accountCurrency } from "./overview-rules";

export type { CurrencyForecast, ForecastEvent, ForecastEventKind, ForecastPoint } from "./cash-forecast-math";

/** The horizons the Forecast page offers. */
export const FORECAST_HORIZONS = [30, 60, 90] as const;
export type ForecastHorizon = (typeof FORECAST_HORIZONS)[number];

/** Streams Plaid is confident about; TOMBSTONED and UNKNOWN ones are not a plan. */
const FORECAST_STREAM_STATUSES = ["MATURE", "EARLY_DETECTION"];

/**
 * The cash forecast for the user's depository accounts at live connections (disconnected banks'
 * balances no longer update). Today's balance is the *available* balance where the bank reports
 * one (pending card charges and holds are already out of it, so a bill that posts later is not
 * counted twice against a balance that never included it), else the current balance.
 *
 * Recurring streams count only on depository accounts: a subscription charged to a card reaches
 * cash through the card's payment, which is counted as the card's minimum payment. Streams Plaid
 * files under LOAN_PAYMENTS (paying a card or a loan) are left out when any card or loan reports a
 * minimum payment, so the same payment is not counted twice.
 */
export async function readCashForecast(db: Queryable, userId: string, window: { today: string; days: ForecastHorizon }): Promise<CurrencyForecast[]> {
  const live = and(eq(plaidItems.userId, userId), isNull(plaidItems.removedAt));
  const balance = sql<string | null>`coalesce(${plaidAccounts.availableBalance}, ${plaidAccounts.currentBalance})::text`;
  const accountRows = await db
    .select({ currency: accountCurrency, balance })
    .from(plaidAccounts)
    .innerJoin(plaidItems, eq(plaidItems.id, plaidAccounts.itemId))
    .where(and(eq(plaidAccounts.userId, userId), live, eq(plaidAccounts.type, "depository")));

  const payments = await db
    .select({
      accountId: accountLiabilities.accountId,
      description: plaidAccounts.name,
      kind: accountLiabilities.kind,
      minimumPayment: sql<string>`${accountLiabilities.minimumPayment}::text`,
      nextPaymentDueDate: sql<string>`${accountLiabilities.nextPaymentDueDate}::text`,
      isOverdue: sql<boolean>`coalesce(${accountLiabilities.isOverdue}, false)`,
      currency: accountCurrency,
    })
    .from(accountLiabilities)
    .innerJoin(plaidAccounts, eq(plaidAccounts.id, accountLiabilities.accountId))
    .innerJoin(plaidItems, eq(plaidItems.id, accountLiabilities.itemId))
    .where(and(eq(accountLiabilities.userId, userId), live, isNotNull(accountLiabilities.minimumPayment), isNotNull(accountLiabilities.nextPaymentDueDate)));

  const streamCurrency = sql<string | null>`coalesce(${recurringStreams.isoCurrencyCode}, ${recurringStreams.unofficialCurrencyCode}, ${accountCurrency})`;
  const streamRows = await db
    .select({
      streamId: recurringStreams.streamId,
      description: sql<string>`coalesce(${recurringStreams.merchantName}, ${recurringStreams.description})`,
      frequency: recurringStreams.frequency,
      predictedNextDate: sql<string>`${recurringStreams.predictedNextDate}::text`,
      averageAmount: sql<string>`${recurringStreams.averageAmount}::text`,
      currency: streamCurrency,
      categoryPrimary: recurringStreams.categoryPrimary,
    })
    .from(recurringStreams)
    .innerJoin(plaidItems, eq(plaidItems.id, recurringStreams.itemId))
    .innerJoin(plaidAccounts, and(eq(plaidAccounts.plaidAccountId, recurringStreams.plaidAccountId), eq(plaidAccounts.userId, userId)))
    .where(
      and(
        eq(recurringStreams.userId, userId),
        live,
        eq(plaidAccounts.type, "depository"),
        eq(recurringStreams.isActive, true),
        inArray(recurringStreams.status, FORECAST_STREAM_STATUSES),
        isNotNull(recurringStreams.predictedNextDate),
      ),
    );

  const paymentsCounted = payments.some((payment) => payment.currency !== null);
  const streams = streamRows.flatMap(({ categoryPrimary, currency, ...stream }) =>
    currency === null || (paymentsCounted && categoryPrimary === "LOAN_PAYMENTS") ? [] : [{ ...stream, currency }],
  );
  return projectCashForecast(
    {
      accounts: accountRows.flatMap((row) => (row.currency === null || row.balance === null ? [] : [{ currency: row.currency, balance: row.balance }])),
      streams,
      payments: payments.flatMap((row) => (row.currency === null ? [] : [{ ...row, currency: row.currency }])),
    },
    window.today,
    window.days,
  );
}
