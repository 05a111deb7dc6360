import { and, asc, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { categories, plaidAccounts, rules } from "@/db/schema";
import { ruleConditionsSchema, type RuleCondition } from "./rule-schemas";

export interface ListedRule {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  stop: boolean;
  conditions: RuleCondition[];
  actions: { setCategoryId: string | null; setDisplayName: string | null; addTags: string[]; hide: true | null };
}

/** The user's rules in order, with what the form needs to pick from: live categories and accounts. */
export async function listRules(db: Queryable, userId: string) {
  const [rows, categoryRows, accountRows] = await Promise.all([
    db.select().from(rules).where(eq(rules.userId, userId)).orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id)),
    db
      .select({ id: categories.id, name: categories.name })
      .from(categories)
      .where(and(eq(categories.userId, userId), isNull(categories.deletedAt), isNull(categories.mergedIntoId)))
      .orderBy(asc(categories.name)),
    db
      .select({ id: plaidAccounts.id, name: plaidAccounts.name, mask: plaidAccounts.mask })
      .from(plaidAccounts)
      .where(eq(plaidAccounts.userId, userId))
      .orderBy(asc(plaidAccounts.name)),
  ]);
  const listed: ListedRule[] = rows.map((row) => ({
    id: row.id,
    position: row.position,
    name: row.name,
    enabled: row.enabled,
    stop: row.stop,
    conditions: ruleConditionsSchema.catch([]).parse(row.conditions),
    actions: { setCategoryId: row.setCategoryId, setDisplayName: row.setDisplayName, addTags: row.addTags, hide: row.hide ? true : null },
  }));
  return { rules: listed, categories: categoryRows, accounts: accountRows };
}
