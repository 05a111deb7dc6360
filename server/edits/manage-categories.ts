import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { isUniqueViolation } from "@/db/is-unique-violation";
import { categories } from "@/db/schema";
import { rebuildUserMonthTotals } from "@/server/plaid/sync/refresh-month-totals";
import { EditInputError, EditNotFoundError } from "./edit-errors";
import { seedCategories } from "./seed-categories";

export interface CategoryView {
  id: string;
  name: string;
  /** Set on the categories seeded from Plaid's primaries; null on the user's own. */
  plaidPrimary: string | null;
}

/** The user's live categories by name, seeded first if they have none yet. */
export async function listCategories(db: Queryable, userId: string): Promise<CategoryView[]> {
  await seedCategories(db, userId);
  return db
    .select({ id: categories.id, name: categories.name, plaidPrimary: categories.plaidPrimary })
    .from(categories)
    .where(and(eq(categories.userId, userId), isNull(categories.deletedAt)))
    .orderBy(asc(sql`lower(${categories.name})`));
}

const taken = (name: string) => new EditInputError("name", `You already have a category called “${name}”.`);

async function ownedLive(tx: Queryable, userId: string, id: string) {
  const [row] = await tx
    .select({ id: categories.id, plaidPrimary: categories.plaidPrimary })
    .from(categories)
    .where(and(eq(categories.id, id), eq(categories.userId, userId), isNull(categories.deletedAt)))
    .for("update");
  if (!row) throw new EditNotFoundError("category");
  return row;
}

export async function createCategory(db: Database, userId: string, name: string): Promise<CategoryView> {
  try {
    const [row] = await db
      .insert(categories)
      .values({ userId, name })
      .returning({ id: categories.id, name: categories.name, plaidPrimary: categories.plaidPrimary });
    if (!row) throw new Error("insert returned no row");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(name);
    throw error;
  }
}

/** Renames for display everywhere; the totals group by id, so nothing is recomputed. */
export async function renameCategory(db: Database, userId: string, id: string, name: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      await ownedLive(tx, userId, id);
      await tx.update(categories).set({ name }).where(eq(categories.id, id));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw taken(name);
    throw error;
  }
}

/**
 * Merges `sourceId` into `targetId` (also what "delete, moving its transactions to …" does): every
 * edit, split, rule and budget naming the source names the target, a seeded source forwards its Plaid
 * primary to the target (and so does every seeded category that forwarded to the source, keeping
 * forwarding one hop), the source is retired, and the user's month totals are recomputed, all in
 * one transaction. A budget the target already has for the same currency keeps the target's.
 */
export async function mergeCategory(db: Database, userId: string, sourceId: string, targetId: string): Promise<void> {
  await db.transaction(async (tx) => {
    // Ownership first: another user's id answers NOT_FOUND whatever else is wrong with the input.
    await ownedLive(tx, userId, sourceId);
    await ownedLive(tx, userId, targetId);
    if (sourceId === targetId) throw new EditInputError("targetId", "Pick a different category to move its transactions to.");
    await tx.execute(sql`update transaction_overrides set category_id = ${targetId}::uuid where user_id = ${userId} and category_id = ${sourceId}::uuid`);
    await tx.execute(sql`update transaction_overrides set rule_category_id = ${targetId}::uuid where user_id = ${userId} and rule_category_id = ${sourceId}::uuid`);
    await tx.execute(sql`update transaction_splits set category_id = ${targetId}::uuid where user_id = ${userId} and category_id = ${sourceId}::uuid`);
    await tx.execute(sql`update rules set set_category_id = ${targetId}::uuid where user_id = ${userId} and set_category_id = ${sourceId}::uuid`);
    await tx.execute(sql`update budgets b set category_id = ${targetId}::uuid where b.user_id = ${userId} and b.category_id = ${sourceId}::uuid
      and not exists (select 1 from budgets o where o.user_id = b.user_id and o.category_id = ${targetId}::uuid and o.currency is not distinct from b.currency)`);
    await tx.execute(sql`delete from budgets where user_id = ${userId} and category_id = ${sourceId}::uuid`);
    await tx.execute(sql`update categories set merged_into_id = ${targetId}::uuid where user_id = ${userId} and merged_into_id = ${sourceId}::uuid`);
    await tx.execute(sql`update categories set merged_into_id = ${targetId}::uuid, deleted_at = now() where id = ${sourceId}::uuid`);
    await rebuildUserMonthTotals(tx, userId);
  });
}
