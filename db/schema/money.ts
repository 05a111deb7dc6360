// ── Acting on money (issue 16): categories, edits, splits, rules, budgets ───────────────────
// Plaid's data stays in plaid_transactions, untouched by people; everything a person (or a rule
// they wrote) decides lives here, keyed by the transaction, so a sync's modify never overwrites it.
//
// The effective category of a transaction, everywhere it is counted:
//   coalesce(override.category_id, override.rule_category_id,
//            coalesce(seeded.merged_into_id, seeded.id))
// where `seeded` is the user's category whose plaid_primary = the transaction's category_primary.
// Merging or deleting a category rewrites every override, rule, split and budget that names it
// and leaves a forwarding merged_into_id only on seeded rows, so one hop is always enough.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { plaidTransactions, users } from "../schema";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
    .notNull()
    .defaultNow()
    .$onUpdate(() => new Date()),
};

export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    // Set on categories seeded from Plaid's personal_finance_category primary values: a transaction
    // nobody recategorised lands in the category whose plaid_primary is its Plaid primary.
    plaidPrimary: text("plaid_primary"),
    // A merged (or deleted-with-reassignment) seeded category forwards here; always a live category.
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => categories.id, { onDelete: "set null" }),
    deletedAt: timestamp("deleted_at", { withTimezone: true, mode: "date" }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("categories_user_plaid_primary_idx")
      .on(t.userId, t.plaidPrimary)
      .where(sql`${t.plaidPrimary} is not null`),
    // Names are unique per user among live categories, ignoring case.
    uniqueIndex("categories_user_name_idx")
      .on(t.userId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

// One row per edited transaction. Manual values always win over rule values; null means "not set".
export const transactionOverrides = pgTable(
  "transaction_overrides",
  {
    plaidTransactionId: text("plaid_transaction_id")
      .primaryKey()
      .references(() => plaidTransactions.plaidTransactionId, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    displayName: text("display_name"),
    note: text("note"),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    hidden: boolean("hidden"),
    // Written by the rules engine (server/rules/) inside the sync's transaction or on demand.
    ruleCategoryId: uuid("rule_category_id").references(() => categories.id, { onDelete: "set null" }),
    ruleDisplayName: text("rule_display_name"),
    ruleTags: text("rule_tags").array().notNull().default(sql`'{}'::text[]`),
    ruleHidden: boolean("rule_hidden"),
    ...timestamps,
  },
  (t) => [index("transaction_overrides_user_idx").on(t.userId), index("transaction_overrides_category_idx").on(t.categoryId)],
);

// A transaction split into parts, each with its own category and amount (Plaid's sign). The parts
// sum to the transaction's amount when written; if Plaid later changes the amount, the difference
// is counted in the transaction's own category until the person fixes the split (see
// server/plaid/sync/refresh-month-totals.ts), so reports always add up to what the bank says.
export const transactionSplits = pgTable(
  "transaction_splits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    plaidTransactionId: text("plaid_transaction_id")
      .notNull()
      .references(() => plaidTransactions.plaidTransactionId, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "set null" }),
    amount: numeric("amount").notNull(),
    note: text("note"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("transaction_splits_transaction_position_idx").on(t.plaidTransactionId, t.position),
    index("transaction_splits_user_idx").on(t.userId),
    index("transaction_splits_category_idx").on(t.categoryId),
  ],
);

// Things that happened to a person's edits without them: a split transaction Plaid removed.
// Shown on the transactions page until dismissed.
export const transactionNotices = pgTable(
  "transaction_notices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").$type<"split_removed">().notNull(),
    message: text("message").notNull(),
    details: jsonb("details"),
    dismissedAt: timestamp("dismissed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [index("transaction_notices_user_idx").on(t.userId, t.createdAt)],
);
