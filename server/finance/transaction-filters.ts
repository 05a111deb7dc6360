import { and, eq, gte, lte, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { z } from "zod";
import { categories, plaidAccounts, plaidTransactions, transactionOverrides } from "@/db/schema";
import { effectiveCategoryId, outer } from "./effective-category";

/** A money magnitude as typed by a person: up to 13 digits and 2 decimals, never a float. */
const MAGNITUDE = /^\d{1,13}(\.\d{1,2})?$/;
const magnitude = z.string().trim().regex(MAGNITUDE, "Enter an amount like 12.50");
/** "12.5" → 1250n: compares magnitudes exactly, without a float. */
const cents = (value: string) => {
  if (!MAGNITUDE.test(value)) return 0n;
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
};

export const SORTS = ["date_desc", "date_asc", "amount_desc", "amount_asc"] as const;
export type TransactionSort = (typeof SORTS)[number];

/**
 * Every filter of the explorer, named as in the page's URL and the export's query string, so one
 * schema parses the tRPC input and the export route's search params alike. Amount bounds are
 * magnitudes: "between 10 and 50" means money in or out of that size; `direction` picks a side.
 */
export const transactionFiltersSchema = z
  .object({
    /** plaid_accounts.id of one of the user's accounts. */
    account: z.uuid().optional(),
    /** plaid_items.id: every account at one bank. */
    bank: z.uuid().optional(),
    /**
     * One of the user's categories (its id), or a Plaid primary (FOOD_AND_DRINK: the category
     * seeded from it, as links made before categories were editable say). Matches the effective
     * category, and split transactions with a part in it.
     */
    category: z.union([z.uuid(), z.string().regex(/^[A-Z][A-Z_]{0,63}$/, "Pick a category from the list")]).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    min: magnitude.optional(),
    max: magnitude.optional(),
    status: z.enum(["pending", "posted"]).optional(),
    direction: z.enum(["in", "out"]).optional(),
    /** Contains-search over name, merchant and category; an amount ("4.31") also matches ±4.31. */
    q: z.string().trim().max(100).optional(),
    sort: z.enum(SORTS).default("date_desc"),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date is after the end date", path: ["to"] })
  .refine((f) => !f.min || !f.max || cents(f.min) <= cents(f.max), { message: "The minimum is above the maximum", path: ["max"] });

export type TransactionFilters = z.infer<typeof transactionFiltersSchema>;

/**
 * What a category filter means: the user's live category `id` (a merged one forwards to where it
 * went), or a Plaid primary the user has no category for (rows nobody categorised), or nothing
 * (another user's category, a deleted one: matches nothing, like a missing one).
 */
export type CategoryFilter = { id: string } | { unseededPrimary: string } | null;

export async function resolveCategoryFilter(db: Queryable, userId: string, category: string): Promise<CategoryFilter> {
  const isPrimary = /^[A-Z]/.test(category);
  const [found] = await db
    .select({ id: sql<string>`coalesce(${categories.mergedIntoId}, ${categories.id})` })
    .from(categories)
    .where(and(eq(categories.userId, userId), isPrimary ? eq(categories.plaidPrimary, category) : eq(categories.id, category)));
  if (found) return { id: found.id };
  return isPrimary ? { unseededPrimary: category } : null;
}

/** The category filter on transaction rows: the effective category, or a split part in it. */
function categoryCondition(filter: CategoryFilter): SQL {
  if (!filter) return sql`false`;
  if ("unseededPrimary" in filter) return sql`(${t.categoryPrimary} = ${filter.unseededPrimary} and ${effectiveCategoryId} is null)`;
  return sql`(${effectiveCategoryId} = ${filter.id}::uuid or exists (select 1 from transaction_splits p where p.plaid_transaction_id = ${outer.id} and p.category_id = ${filter.id}::uuid))`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

/** Categories as people type them: FOOD_AND_DRINK_COFFEE → "food and drink coffee". */
export const normaliseCategoryText = (text: string) => text.toLowerCase().replace(/_/g, " ").replace(/\s+/g, " ").trim();

/**
 * The same expression as the trigram index plaid_transactions_category_trgm_idx (migration 0007):
 * PostgreSQL uses an expression index only for that exact expression.
 */
const t = plaidTransactions;
const categorySearchText = sql`lower(replace(coalesce(${t.categoryPrimary}, '') || ' ' || coalesce(${t.categoryDetailed}, ''), '_', ' '))`;

async function editedNameMatches(db: Queryable, userId: string, pattern: string): Promise<SQL[]> {
  const o = transactionOverrides;
  const matches = await db
    .select({ id: o.plaidTransactionId })
    .from(o)
    .where(and(eq(o.userId, userId), or(sql`coalesce(${o.displayName}, ${o.ruleDisplayName}) ilike ${pattern}`, sql`${o.note} ilike ${pattern}`)))
    .limit(5_000);
  if (matches.length === 0) return [];
  return [sql`${t.plaidTransactionId} = any(array(select jsonb_array_elements_text(${JSON.stringify(matches.map((row) => row.id))}::jsonb)))`];
}

/** "4.31", "$4.31", "-4.31", "−4.31" → "4.31"; anything else is not an amount. */
export function amountInQuery(q: string): string | null {
  const match = /^[-+−]?\$?(\d{1,13}(?:\.\d{1,2})?)$/.exec(q.replace(/,/g, ""));
  return match?.[1] ?? null;
}

/**
 * The WHERE conditions for one user's filtered transactions. Every condition is scoped by the
 * user: another user's account or bank id matches nothing, exactly as a missing one.
 */
export async function transactionFilterConditions(db: Queryable, userId: string, filters: Omit<TransactionFilters, "sort">): Promise<SQL[]> {
  const conditions: (SQL | undefined)[] = [eq(t.userId, userId)];
  if (filters.account) {
    // Looked up first, so the planner sees Plaid's account id as a value and estimates from its
    // statistics; as a subquery it guessed 10× too few rows and sorted thousands (100 ms vs 2 ms).
    const [account] = await db
      .select({ plaidAccountId: plaidAccounts.plaidAccountId })
      .from(plaidAccounts)
      .where(and(eq(plaidAccounts.id, filters.account), eq(plaidAccounts.userId, userId)));
    conditions.push(account ? eq(t.plaidAccountId, account.plaidAccountId) : sql`false`);
  }
  if (filters.bank) conditions.push(eq(t.itemId, filters.bank));
  if (filters.category) conditions.push(categoryCondition(await resolveCategoryFilter(db, userId, filters.category)));
  if (filters.from) conditions.push(gte(t.date, filters.from));
  if (filters.to) conditions.push(lte(t.date, filters.to));
  if (filters.min) conditions.push(sql`abs(${t.amount}) >= ${filters.min}::numeric`);
  if (filters.max) conditions.push(sql`abs(${t.amount}) <= ${filters.max}::numeric`);
  if (filters.status) conditions.push(eq(t.pending, filters.status === "pending"));
  // Plaid's sign: positive is money leaving the account.
  if (filters.direction) conditions.push(filters.direction === "out" ? sql`${t.amount} > 0` : sql`${t.amount} < 0`);
  const q = filters.q?.trim();
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const categoryPattern = `%${escapeLike(normaliseCategoryText(q))}%`;
    const amount = amountInQuery(q);
    conditions.push(
      or(
        sql`${t.name} ilike ${pattern}`,
        sql`${t.merchantName} ilike ${pattern}`,
        // The name the user gave it, and their note: looked up first among the user's edits, and
        // given as ids (an index probe each) only when some match. As a subquery inside the OR it
        // kept the planner from combining the other arms' indexes (amount search 20 → 120 ms).
        ...(await editedNameMatches(db, userId, pattern)),
        sql`${categorySearchText} like ${categoryPattern}`,
        amount ? sql`${t.amount} in (${amount}::numeric, -${amount}::numeric)` : undefined,
      ),
    );
  }
  return conditions.filter((condition): condition is SQL => condition !== undefined);
}
