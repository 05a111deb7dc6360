import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

// How many payments of each of Plaid's stream frequencies fall in an average month. UNKNOWN (or
// a frequency Plaid adds later) counts 0: a stream we cannot place in time is left out of totals.
export const PAYMENTS_PER_MONTH: Record<string, SQL> = {
  WEEKLY: sql`(52.0 / 12)`,
  BIWEEKLY: sql`(26.0 / 12)`,
  SEMI_MONTHLY: sql`2`,
  MONTHLY: sql`1`,
  ANNUALLY: sql`(1.0 / 12)`,
};

/** The SQL factor for a frequency column: computed in numeric, so money never passes through a float. */
export function paymentsPerMonth(frequency: SQLWrapper): SQL<string> {
  const cases = Object.entries(PAYMENTS_PER_MONTH).map(([name, factor]) => sql`when ${name} then ${factor}`);
  return sql<string>`(case ${frequency} ${sql.join(cases, sql` `)} else 0 end)::numeric`;
}
