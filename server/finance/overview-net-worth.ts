import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidItems } from "@/db/schema";
import { accountCurrency, DEBT_ACCOUNT_TYPES } from "./overview-rules";

/** Net worth in one currency; amounts are decimal strings. Currencies are never added together. */
export interface NetWorth {
  currency: string | null;
  assets: string;
  /** What is owed, as a positive number (credit cards and loans). */
  debts: string;
  /** assets − debts */
  net: string;
}

const isDebt = sql`${plaidAccounts.type} in (${sql.join(
  DEBT_ACCOUNT_TYPES.map((type) => sql`${type}`),
  sql`, `,
)})`;

/**
 * Assets minus debts per currency, from the balances last saved. Accounts of a disconnected bank
 * (removed at Plaid, data kept) are left out: their balances stopped updating the day they were
 * disconnected, and a frozen number would silently go stale inside a live total.
 * `now` is unused today (balances are "as last fetched") but keeps every overview read alike.
 */
export async function readNetWorth(db: Queryable, userId: string, _now: Date): Promise<NetWorth[]> {
  const assets = sql<string>`coalesce(sum(case when ${isDebt} then 0 else coalesce(${plaidAccounts.currentBalance}, ${plaidAccounts.availableBalance}, 0) end), 0)::text`;
  const debts = sql<string>`coalesce(sum(case when ${isDebt} then coalesce(${plaidAccounts.currentBalance}, 0) else 0 end), 0)::text`;
  const net = sql<string>`(coalesce(sum(case when ${isDebt} then -coalesce(${plaidAccounts.currentBalance}, 0) else coalesce(${plaidAccounts.currentBalance}, ${plaidAccounts.availableBalance}, 0) end), 0))::text`;
  return db
    .select({ currency: accountCurrency, assets, debts, net })
    .from(plaidAccounts)
    .innerJoin(plaidItems, eq(plaidItems.id, plaidAccounts.itemId))
    .where(and(eq(plaidAccounts.userId, userId), eq(plaidItems.userId, userId), isNull(plaidItems.removedAt)))
    .groupBy(accountCurrency)
    .orderBy(asc(accountCurrency));
}
