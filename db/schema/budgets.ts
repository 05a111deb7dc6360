// ── Budgets (issue 16, section 4) ────────────────────────────────────────────────────────────
// A monthly amount per category and currency, or per currency for everything (category null).
// What was spent, rolled over and is still due is computed on read (server/finance/budgets.ts)
// from transaction_month_totals and recurring_streams: nothing here goes stale when a sync lands.
import { index, numeric, pgTable, text, timestamp, boolean, unique, uuid } from "drizzle-orm/pg-core";
import { users } from "../schema";
import { categories } from "./money";

export const budgets = pgTable(
  "budgets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Null: the total budget of the currency. Deleting a category deletes its budgets (a category
    // merged or deleted with reassignment has its budgets rewritten first, by that work).
    categoryId: uuid("category_id").references(() => categories.id, { onDelete: "cascade" }),
    // ISO 4217 code; budgets are never added across currencies.
    currency: text("currency").notNull(),
    // Per month, positive, two decimal places (validated at the router).
    amount: numeric("amount").notNull(),
    // Carry what was left unspent in earlier months (since the budget was created) into this one.
    rollover: boolean("rollover").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    // One budget per category and currency, and one total per currency (null is a value here).
    unique("budgets_user_category_currency_key").on(t.userId, t.categoryId, t.currency).nullsNotDistinct(),
    index("budgets_category_idx").on(t.categoryId),
  ],
);
