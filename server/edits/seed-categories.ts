import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";

/** Plaid's personal_finance_category primary values (Plaid may add more; the sync seeds those as they arrive). */
export const PLAID_PRIMARY_CATEGORIES = [
  "INCOME",
  "TRANSFER_IN",
  "TRANSFER_OUT",
  "LOAN_PAYMENTS",
  "BANK_FEES",
  "ENTERTAINMENT",
  "FOOD_AND_DRINK",
  "GENERAL_MERCHANDISE",
  "HOME_IMPROVEMENT",
  "MEDICAL",
  "PERSONAL_CARE",
  "GENERAL_SERVICES",
  "GOVERNMENT_AND_NON_PROFIT",
  "TRANSPORTATION",
  "TRAVEL",
  "RENT_AND_UTILITIES",
] as const;

/**
 * FOOD_AND_DRINK → "Food and drink", in SQL: the one spelling of a seeded name, used by sign-up,
 * the sync and migration 0020's backfill alike.
 */
export const humanisedPrimary = (primary: SQL): SQL => sql`upper(substr(${primary}, 1, 1)) || lower(replace(substr(${primary}, 2), '_', ' '))`;

/**
 * Creates the user's categories for Plaid's primaries that they do not have yet. Idempotent and
 * cheap (16 rows, on conflict do nothing): called at sign-up, when categories are listed and by
 * every sync, so a user created any other way still gets them. A name the user already took for a
 * category of their own keeps theirs (the unique name index makes that seed a no-op).
 */
export async function seedCategories(db: Queryable, userId: string): Promise<void> {
  const primaries = JSON.stringify(PLAID_PRIMARY_CATEGORIES);
  await db.execute(sql`
    insert into categories (user_id, name, plaid_primary)
    select ${userId}, ${humanisedPrimary(sql`p`)}, p from jsonb_array_elements_text(${primaries}::jsonb) as p
    on conflict do nothing`);
}
