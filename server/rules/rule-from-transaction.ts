import { and, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { categories, plaidTransactions } from "@/db/schema";
import { assertRuleReferences } from "./assert-rule-references";
import { compileRuleConditions } from "./compile-rule-condition";
import { loadEnabledRules, type LoadedRuleSet } from "./load-rules";
import { countRuleChanges, recomputeRuleValues } from "./recompute-rule-values";
import { createRule } from "./save-rule";
import { RuleNotFoundError } from "./rule-errors";
import type { RuleInput } from "./rule-schemas";

// "Always do this for <merchant>?" after a manual recategorisation: a rule "merchant equals X →
// set category C", placed at the top of the list (the person's latest, most specific decision
// wins over older, broader rules), applied to the past transactions of that merchant.

interface Draft {
  merchant: string;
  categoryName: string;
  input: RuleInput;
}

async function draftFrom(db: Queryable, userId: string, transactionId: string, categoryId: string): Promise<Draft> {
  const [transaction] = await db
    .select({ merchant: sql<string>`coalesce(${plaidTransactions.merchantName}, ${plaidTransactions.name})` })
    .from(plaidTransactions)
    .where(and(eq(plaidTransactions.plaidTransactionId, transactionId), eq(plaidTransactions.userId, userId)));
  if (!transaction) throw new RuleNotFoundError("transaction");
  const conditions = [{ type: "text" as const, field: "merchant" as const, op: "equals" as const, value: transaction.merchant.slice(0, 100) }];
  await assertRuleReferences(db, userId, conditions, { setCategoryId: categoryId });
  const [category] = await db.select({ name: categories.name }).from(categories).where(and(eq(categories.id, categoryId), eq(categories.userId, userId)));
  const categoryName = category?.name ?? "";
  return {
    merchant: transaction.merchant,
    categoryName,
    input: {
      name: `${transaction.merchant} → ${categoryName}`.slice(0, 80),
      enabled: true,
      stop: false,
      conditions,
      actions: { setCategoryId: categoryId, setDisplayName: null, addTags: [], hide: null },
    },
  };
}

/** The draft rule first, then the user's enabled rules: the order the rule will have once made. */
function withDraftFirst(draft: Draft, existing: LoadedRuleSet): LoadedRuleSet {
  const { actions, conditions } = draft.input;
  return { ...existing, rules: [{ id: "draft", stop: false, conditions, ...actions, hide: actions.hide }, ...existing.rules] };
}

/** What "Always do this for <merchant>?" would do: the merchant, the category and how many past transactions would change. */
export async function previewRuleFromTransaction(db: Queryable, userId: string, transactionId: string, categoryId: string) {
  const draft = await draftFrom(db, userId, transactionId, categoryId);
  const ruleSet = withDraftFirst(draft, await loadEnabledRules(db, userId));
  const scope = compileRuleConditions(draft.input.conditions, ruleSet.context);
  return { merchant: draft.merchant, categoryName: draft.categoryName, changed: await countRuleChanges(db, userId, ruleSet, scope) };
}

/**
 * Makes the rule and applies it to the merchant's past transactions (their month totals too), in
 * one transaction. Answers the rule's id and how many transactions changed.
 */
export async function createRuleFromTransaction(db: Database, userId: string, transactionId: string, categoryId: string): Promise<{ ruleId: string; merchant: string; changed: number }> {
  return db.transaction(async (tx) => {
    const draft = await draftFrom(tx, userId, transactionId, categoryId);
    const { id } = await createRule(tx, userId, draft.input, { atTop: true });
    const ruleSet = await loadEnabledRules(tx, userId);
    const scope = compileRuleConditions(draft.input.conditions, ruleSet.context);
    const { changed } = await recomputeRuleValues(tx, userId, ruleSet, scope, { refreshTotals: true });
    return { ruleId: id, merchant: draft.merchant, changed };
  });
}
