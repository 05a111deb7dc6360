import { and, asc, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { categories, plaidAccounts, rules } from "@/db/schema";
import type { CompileContext } from "./compile-rule-condition";
import { ruleConditionsSchema, type RuleCondition } from "./rule-schemas";

/** What evaluation needs of one rule, in list order. */
export interface LoadedRule {
  id: string;
  stop: boolean;
  conditions: RuleCondition[];
  setCategoryId: string | null;
  setDisplayName: string | null;
  addTags: string[];
  hide: boolean | null;
}

export interface LoadedRuleSet {
  rules: LoadedRule[];
  context: CompileContext;
}

/**
 * The user's enabled rules in evaluation order, and their accounts for account conditions: two
 * small queries, whatever the number of transactions. A stored rule whose conditions no longer
 * parse (it cannot happen through the router) is skipped rather than failing a sync.
 */
export async function loadEnabledRules(db: Queryable, userId: string): Promise<LoadedRuleSet> {
  const rows = await db
    .select({
      id: rules.id,
      stop: rules.stop,
      conditions: rules.conditions,
      // A merged category forwards to where it went; one deleted without reassignment sets nothing.
      setCategoryId: sql<string | null>`case when ${categories.deletedAt} is null then ${categories.id} else ${categories.mergedIntoId} end`,
      setDisplayName: rules.setDisplayName,
      addTags: rules.addTags,
      hide: rules.hide,
    })
    .from(rules)
    .leftJoin(categories, and(eq(categories.id, rules.setCategoryId), eq(categories.userId, userId)))
    .where(and(eq(rules.userId, userId), eq(rules.enabled, true)))
    .orderBy(asc(rules.position), asc(rules.createdAt), asc(rules.id));
  const loaded: LoadedRule[] = [];
  for (const row of rows) {
    const conditions = ruleConditionsSchema.safeParse(row.conditions);
    if (conditions.success) loaded.push({ ...row, conditions: conditions.data });
  }
  const needsAccounts = loaded.some((rule) => rule.conditions.some((condition) => condition.type === "account"));
  const accounts = needsAccounts
    ? await db.select({ id: plaidAccounts.id, plaidAccountId: plaidAccounts.plaidAccountId }).from(plaidAccounts).where(eq(plaidAccounts.userId, userId))
    : [];
  return { rules: loaded, context: { plaidAccountIds: new Map(accounts.map((a) => [a.id, a.plaidAccountId])) } };
}
