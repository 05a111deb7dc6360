import { and, asc, eq, inArray, isNotNull, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { budgets, categories, plaidAccounts, plaidItems, recurringStreams, transactionMonthTotals } from "@/db/schema";
import { budgetFigures, rolloverInto, spendingOf, type BudgetFigures } from "./budget-pace";
import { fromUnits, toUnits } from "./decimal-units";
import { NOT_SPENDING_OR_INCOME, accountCurrency } from "./overview-rules";
import { occurrences } from "./recurrence-dates";

/** How far back rollover looks: the budget's first month, and never more than a year. */
export const ROLLOVER_MONTHS_MAX = 12;

export interface BudgetView extends BudgetFigures {
  id: string;
  /** Null for the currency's total budget. */
  categoryId: string | null;
  categoryName: string | null;
  currency: string;
  amount: string;
  rollover: boolean;
  /** Carried in from earlier months (0 without rollover). */
  rolledOver: string;
  /** This month's spending so far (posted transactions), positive. */
  spent: string;
  /** Recurring bills expected from today through the month's end in this budget. */
  dueRecurring: string;
}

export interface BudgetMonth {
  /** YYYY-MM */
  month: string;
  /** Category budgets by name, each currency's total first. */
  budgets: BudgetView[];
  /** The user's live categories, for the form. */
  categories: { id: string; name: string }[];
  /** Currencies of the user's accounts, for the form. */
  currencies: string[];
}

const firstOfMonth = (month: string) => `${month}-01`;
/** YYYY-MM `offset` months from `month`. */
function shiftMonth(month: string, offset: number): string {
  const [year = 0, index = 1] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, index - 1 + offset, 1));
  return date.toISOString().slice(0, 7);
}
const lastDayOf = (month: string) => new Date(Date.parse(`${shiftMonth(month, 1)}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Key of spending per (month, category or total, currency). */
const key = (month: string, categoryId: string | null, currency: string) => `${month}|${categoryId ?? "total"}|${currency}`;

/**
 * Every budget of the user for `month` (YYYY-MM) with what it has, spent and still expects.
 *
 * Spending comes from transaction_month_totals by effective category (overrides, rules, merges
 * and splits applied; hidden transactions excluded, by whoever maintains those totals): posted
 * money out minus money in per category and month, never below 0, as the overview counts posted
 * only. A currency's total budget adds its categories' spending except transfers between the
 * user's own accounts and card or loan payments (NOT_SPENDING_OR_INCOME): the purchases on the
 * card already count. Minimum card and loan payments are therefore not "bills due" here either.
 *
 * The pace adds the recurring outflows Plaid predicts from `today` through the month's end
 * (repeated at their frequency) to the category the stream's Plaid category is seeded into; in a
 * month already over, nothing is still due; in a month not yet begun, the whole month is.
 */
export async function readBudgetMonth(db: Queryable, userId: string, at: { month: string; today: string }): Promise<BudgetMonth> {
  const oldest = shiftMonth(at.month, -ROLLOVER_MONTHS_MAX);
  // Every read in one round (no read waits for another): the month totals from the oldest month a
  // rollover budget looks back on, which the database works out from the budgets themselves.
  const [rows, categoryRows, currencyRows, spending, due] = await Promise.all([
    db
      .select({
        id: budgets.id,
        categoryId: budgets.categoryId,
        categoryName: categories.name,
        currency: budgets.currency,
        amount: sql<string>`${budgets.amount}::text`,
        rollover: budgets.rollover,
        createdMonth: sql<string>`to_char(${budgets.createdAt} at time zone 'UTC', 'YYYY-MM')`,
      })
      .from(budgets)
      .leftJoin(categories, eq(categories.id, budgets.categoryId))
      .where(eq(budgets.userId, userId))
      .orderBy(sql`${budgets.categoryId} is not null`, asc(categories.name), asc(budgets.currency)),
    db
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(and(eq(categories.userId, userId), isNull(categories.deletedAt), isNull(categories.mergedIntoId)))
      .orderBy(asc(categories.name)),
    db
      .selectDistinct({ currency: sql<string>`${accountCurrency}` })
      .from(plaidAccounts)
      .where(and(eq(plaidAccounts.userId, userId), sql`${accountCurrency} is not null`))
      .orderBy(sql`1`),
    readSpending(
      db,
      userId,
      sql`greatest(${firstOfMonth(oldest)}::date, coalesce((select min(date_trunc('month', ${budgets.createdAt} at time zone 'UTC'))::date from ${budgets} where ${budgets.userId} = ${userId} and ${budgets.rollover}), ${firstOfMonth(at.month)}::date))`,
      at.month,
    ),
    readRecurringDue(db, userId, at),
  ]);
  const base = { month: at.month, categories: categoryRows, currencies: currencyRows.map((row) => row.currency) };
  if (rows.length === 0) return { ...base, budgets: [] };

  const budgetsOut = rows.map((row): BudgetView => {
    const spent = spending.get(key(at.month, row.categoryId, row.currency)) ?? "0.00";
    let rolledOver = "0.00";
    if (row.rollover) {
      const start = row.createdMonth > oldest ? row.createdMonth : oldest;
      const earlier: string[] = [];
      for (let month = start; month < at.month; month = shiftMonth(month, 1)) earlier.push(spending.get(key(month, row.categoryId, row.currency)) ?? "0");
      rolledOver = rolloverInto(row.amount, earlier);
    }
    const dueRecurring = due.get(key(at.month, row.categoryId, row.currency)) ?? "0.00";
    return {
      id: row.id,
      categoryId: row.categoryId,
      categoryName: row.categoryName,
      currency: row.currency,
      amount: fromUnits(toUnits(row.amount)),
      rollover: row.rollover,
      rolledOver,
      spent,
      dueRecurring,
      ...budgetFigures({ amount: row.amount, rolledOver, spent, dueRecurring }),
    };
  });
  return { ...base, budgets: budgetsOut };
}

/** Whether a group counts toward a total budget: by its effective category's Plaid origin, else Plaid's own category. */
/** Whether money in a (Plaid) category counts toward a total budget: not a transfer or a card or loan payment. */
const countsTowardTotal = (plaidPrimary: string | null) => plaidPrimary === null || !(NOT_SPENDING_OR_INCOME as readonly string[]).includes(plaidPrimary);

/** Spending per month, category and currency (and per month and currency for totals), from the month totals. */
async function readSpending(db: Queryable, userId: string, fromDay: SQL, toMonth: string): Promise<Map<string, string>> {
  const m = transactionMonthTotals;
  // The totals' category_primary is the effective category's Plaid origin (null for a category the
  // user made), or Plaid's own when there is no effective category: what the transfer rule reads.
  const groups = await db
    .select({
      month: sql<string>`to_char(${m.month}, 'YYYY-MM')`,
      categoryId: m.categoryId,
      categoryPrimary: m.categoryPrimary,
      currency: sql<string>`${m.currency}`,
      moneyOut: sql<string>`sum(${m.moneyOut})::text`,
      moneyIn: sql<string>`sum(${m.moneyIn})::text`,
    })
    .from(m)
    .where(and(eq(m.userId, userId), eq(m.pending, false), sql`${m.month} >= ${fromDay}`, lte(m.month, firstOfMonth(toMonth)), isNotNull(m.currency)))
    .groupBy(m.month, m.categoryId, m.categoryPrimary, m.currency);

  const spending = new Map<string, string>();
  const add = (k: string, amount: string) => spending.set(k, fromUnits(toUnits(spending.get(k) ?? "0") + toUnits(amount)));
  for (const group of groups) {
    const spent = spendingOf(group.moneyOut, group.moneyIn);
    if (group.categoryId) add(key(group.month, group.categoryId, group.currency), spent);
    if (countsTowardTotal(group.categoryPrimary)) add(key(group.month, null, group.currency), spent);
  }
  return spending;
}

/** Recurring outflows still expected in the month, per category and currency (and per currency for totals). */
async function readRecurringDue(db: Queryable, userId: string, at: { month: string; today: string }): Promise<Map<string, string>> {
  const monthEnd = lastDayOf(at.month);
  const from = at.today > firstOfMonth(at.month) ? at.today : firstOfMonth(at.month);
  const due = new Map<string, string>();
  if (from > monthEnd) return due;
  const seeded = categories;
  const streams = await db
    .select({
      frequency: recurringStreams.frequency,
      predictedNextDate: sql<string>`${recurringStreams.predictedNextDate}::text`,
      amount: sql<string>`abs(${recurringStreams.averageAmount})::text`,
      currency: sql<string | null>`coalesce(${recurringStreams.isoCurrencyCode}, ${recurringStreams.unofficialCurrencyCode})`,
      categoryId: sql<string | null>`coalesce(${seeded.mergedIntoId}, ${seeded.id})`,
      categoryPrimary: recurringStreams.categoryPrimary,
    })
    .from(recurringStreams)
    .innerJoin(plaidItems, eq(plaidItems.id, recurringStreams.itemId))
    .leftJoin(seeded, and(eq(seeded.userId, userId), eq(seeded.plaidPrimary, recurringStreams.categoryPrimary)))
    .where(
      and(
        eq(recurringStreams.userId, userId),
        eq(plaidItems.userId, userId),
        isNull(plaidItems.removedAt),
        eq(recurringStreams.direction, "outflow"),
        eq(recurringStreams.isActive, true),
        inArray(recurringStreams.status, ["MATURE", "EARLY_DETECTION"]),
        isNotNull(recurringStreams.predictedNextDate),
        lte(recurringStreams.predictedNextDate, monthEnd),
      ),
    );
  const add = (k: string, amount: bigint) => due.set(k, fromUnits(toUnits(due.get(k) ?? "0") + amount));
  for (const stream of streams) {
    if (!stream.currency) continue;
    const times = occurrences(stream.predictedNextDate, stream.frequency, from, monthEnd).length;
    if (times === 0) continue;
    const amount = toUnits(stream.amount) * BigInt(times);
    if (stream.categoryId) add(key(at.month, stream.categoryId, stream.currency), amount);
    if (countsTowardTotal(stream.categoryPrimary)) add(key(at.month, null, stream.currency), amount);
  }
  return due;
}
