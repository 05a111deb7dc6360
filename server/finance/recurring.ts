import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidItemProducts, plaidItems, recurringStreams } from "@/db/schema";
import { paymentsPerMonth } from "./recurring-frequency";

/** One recurring stream as the Recurring page shows it; amounts are positive decimal strings. */
export interface RecurringStreamView {
  streamId: string;
  itemId: string;
  institutionName: string | null;
  /** Plaid's account id and our account row id (null when the account is not stored). */
  plaidAccountId: string;
  accountId: string | null;
  accountName: string | null;
  direction: "inflow" | "outflow";
  description: string;
  merchantName: string | null;
  categoryPrimary: string | null;
  categoryDetailed: string | null;
  /** The user's category for the stream's Plaid primary (renamed or merged as they chose); null when none. */
  categoryName: string | null;
  frequency: string;
  firstDate: string | null;
  lastDate: string | null;
  predictedNextDate: string | null;
  /** Average payment, as a magnitude (the direction says which way). */
  averageAmount: string;
  lastAmount: string;
  /** averageAmount × payments per month (0 for an UNKNOWN frequency), rounded to cents. */
  monthlyAmount: string;
  currency: string | null;
  isActive: boolean;
  /** MATURE | EARLY_DETECTION | TOMBSTONED | UNKNOWN */
  status: string;
  updatedAt: Date;
}

export interface ItemRef {
  itemId: string;
  institutionName: string | null;
}

export interface RecurringOverview {
  /** Active outgoing streams (bills, subscriptions), next payment first. */
  outflows: RecurringStreamView[];
  /** Active incoming streams (payroll…), next payment first. */
  inflows: RecurringStreamView[];
  /** Streams that stopped (Plaid's TOMBSTONED or no longer active), either direction. */
  tombstoned: RecurringStreamView[];
  /** What the active outflows cost in an average month, per currency (never added across currencies). */
  monthlyOutflowTotal: { currency: string | null; amount: string }[];
  /** Connections that cannot give recurring streams, with why. */
  unavailable: (ItemRef & { reason: string })[];
  /** Connections whose streams are not in yet: history still importing, or the first fetch not done. */
  pendingHistory: ItemRef[];
}

const currency = sql<string | null>`coalesce(${recurringStreams.isoCurrencyCode}, ${recurringStreams.unofficialCurrencyCode})`;
const monthly = sql<string>`round(abs(${recurringStreams.averageAmount}) * ${paymentsPerMonth(recurringStreams.frequency)}, 2)`;
const isStopped = sql<boolean>`(${recurringStreams.status} = 'TOMBSTONED' or not ${recurringStreams.isActive})`;

/** Recurring streams of the user's live connections (a disconnected bank's predictions would go stale). */
export async function readRecurring(db: Queryable, userId: string): Promise<RecurringOverview> {
  const live = and(eq(plaidItems.userId, userId), isNull(plaidItems.removedAt));
  const streams = await db
    .select({
      streamId: recurringStreams.streamId,
      itemId: recurringStreams.itemId,
      institutionName: plaidItems.institutionName,
      plaidAccountId: recurringStreams.plaidAccountId,
      accountId: plaidAccounts.id,
      accountName: plaidAccounts.name,
      direction: recurringStreams.direction,
      description: recurringStreams.description,
      merchantName: recurringStreams.merchantName,
      categoryPrimary: recurringStreams.categoryPrimary,
      categoryDetailed: recurringStreams.categoryDetailed,
      // A stream is Plaid's, not a transaction: it takes the category seeded from its primary, forwarded by a merge.
      categoryName: sql<string | null>`(select c.name from categories c where c.id = (select coalesce(s.merged_into_id, s.id) from categories s
        where s.user_id = ${userId} and s.plaid_primary = ${recurringStreams.categoryPrimary}))`,
      frequency: recurringStreams.frequency,
      firstDate: recurringStreams.firstDate,
      lastDate: recurringStreams.lastDate,
      predictedNextDate: recurringStreams.predictedNextDate,
      averageAmount: sql<string>`abs(${recurringStreams.averageAmount})::text`,
      lastAmount: sql<string>`abs(${recurringStreams.lastAmount})::text`,
      monthlyAmount: sql<string>`${monthly}::text`,
      currency,
      isActive: recurringStreams.isActive,
      status: recurringStreams.status,
      updatedAt: recurringStreams.updatedAt,
      stopped: isStopped,
    })
    .from(recurringStreams)
    .innerJoin(plaidItems, eq(plaidItems.id, recurringStreams.itemId))
    .leftJoin(plaidAccounts, and(eq(plaidAccounts.plaidAccountId, recurringStreams.plaidAccountId), eq(plaidAccounts.userId, userId)))
    .where(and(eq(recurringStreams.userId, userId), live))
    .orderBy(sql`${recurringStreams.predictedNextDate} asc nulls last`, asc(recurringStreams.description), asc(recurringStreams.streamId));

  const totals = await db
    .select({ currency, amount: sql<string>`round(sum(abs(${recurringStreams.averageAmount}) * ${paymentsPerMonth(recurringStreams.frequency)}), 2)::text` })
    .from(recurringStreams)
    .innerJoin(plaidItems, eq(plaidItems.id, recurringStreams.itemId))
    .where(and(eq(recurringStreams.userId, userId), live, eq(recurringStreams.direction, "outflow"), sql`not ${isStopped}`))
    .groupBy(currency)
    .orderBy(sql`${currency} asc nulls last`);

  const items = await db
    .select({
      itemId: plaidItems.id,
      institutionName: plaidItems.institutionName,
      historicalUpdateComplete: plaidItems.historicalUpdateComplete,
      connected: sql<boolean>`${plaidItems.accessTokenCiphertext} is not null`,
      fetchedAt: plaidItemProducts.fetchedAt,
      unavailableReason: plaidItemProducts.unavailableReason,
    })
    .from(plaidItems)
    .leftJoin(plaidItemProducts, and(eq(plaidItemProducts.itemId, plaidItems.id), eq(plaidItemProducts.product, "recurring")))
    .where(live)
    .orderBy(asc(plaidItems.createdAt), asc(plaidItems.id));

  const view = ({ stopped: _stopped, ...stream }: (typeof streams)[number]): RecurringStreamView => stream;
  return {
    outflows: streams.filter((s) => !s.stopped && s.direction === "outflow").map(view),
    inflows: streams.filter((s) => !s.stopped && s.direction === "inflow").map(view),
    tombstoned: streams.filter((s) => s.stopped).map(view),
    monthlyOutflowTotal: totals,
    unavailable: items.flatMap(({ itemId, institutionName, unavailableReason }) => (unavailableReason ? [{ itemId, institutionName, reason: unavailableReason }] : [])),
    pendingHistory: items
      .filter((item) => item.connected && !item.unavailableReason && item.fetchedAt === null)
      .map(({ itemId, institutionName }) => ({ itemId, institutionName })),
  };
}
