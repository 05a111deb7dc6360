// ── Rules (issue 16, section 2) ───────────────────────────────────────────────────────────────
// A rule: conditions (all must hold) → actions. Evaluated set-based by server/rules/ into the
// rule_* columns of transaction_overrides; a person's manual values always win on read.
//
// Semantics, in list order (position ascending, "top of the list first"):
//  - every enabled rule whose conditions all hold applies;
//  - for a field several matching rules set (category, display name, hide) the rule HIGHER in the
//    list wins: the list reads as priority, so what a person sees first is what happens;
//  - tags of all matching rules are added together;
//  - a rule with `stop` ends processing for the transactions it matched: no rule below it applies.
// rule_* values are always recomputed from all enabled rules (never accumulated), so an edited,
// disabled or deleted rule's effects do not outlive it.
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { RuleCondition } from "@/server/rules/rule-schemas";
import { users } from "../schema";
import { categories } from "./money";

export const rules = pgTable(
  "rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // Order of evaluation (0 first); reorder rewrites the user's positions 0..n-1. Not a unique
    // index: a reorder's one UPDATE swaps positions, which a row-by-row unique check would refuse.
    position: integer("position").notNull(),
    name: text("name").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    stop: boolean("stop").notNull().default(false),
    // All must hold; validated by ruleConditionsSchema (server/rules/rule-schemas.ts) on the way in.
    conditions: jsonb("conditions").$type<RuleCondition[]>().notNull(),
    // Actions as columns (null / empty = this rule does not set it), so merging or deleting a
    // category can rewrite set_category_id with one UPDATE like every other table that names one.
    setCategoryId: uuid("set_category_id").references(() => categories.id, { onDelete: "set null" }),
    setDisplayName: text("set_display_name"),
    addTags: text("add_tags").array().notNull().default(sql`'{}'::text[]`),
    hide: boolean("hide"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    index("rules_user_position_idx").on(t.userId, t.position),
    index("rules_set_category_idx").on(t.setCategoryId),
  ],
);
