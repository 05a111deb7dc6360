import { sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { compileRuleConditions } from "./compile-rule-condition";
import { loadEnabledRules } from "./load-rules";
import { countRuleChanges, everyTransaction, recomputeRuleValues } from "./recompute-rule-values";
import type { RuleCondition } from "./rule-schemas";

// "Apply to history" is a recompute of every transaction of the user from all enabled rules:
// the same statement the sync runs on its new rows, over the whole history. The preview runs the
// same computation without writing, so its count is what the apply will change.

/** How many past transactions would look different if the rules were applied to history now. */
export async function previewRulesOnHistory(db: Queryable, userId: string): Promise<{ changed: number }> {
  const ruleSet = await loadEnabledRules(db, userId);
  return { changed: await countRuleChanges(db, userId, ruleSet, everyTransaction) };
}

/** Applies the enabled rules to every transaction, month totals included, in one transaction. */
export async function applyRulesToHistory(db: Database, userId: string): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    // One apply per user at a time: two would compute from the same snapshot and both write.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('rules:' || ${userId}))`);
    const ruleSet = await loadEnabledRules(tx, userId);
    const { changed } = await recomputeRuleValues(tx, userId, ruleSet, everyTransaction, { refreshTotals: true });
    return { changed };
  });
}

/** How many of the user's transactions a draft rule's conditions match: the form's live count. */
export async function countMatchingConditions(db: Queryable, userId: string, conditions: readonly RuleCondition[]): Promise<{ matching: number }> {
  const accounts = await queryRows<{ id: string; plaid_account_id: string }>(db, sql`select id::text as id, plaid_account_id from plaid_accounts where user_id = ${userId}`);
  const plaidAccountIds = new Map(accounts.map((a) => [a.id, a.plaid_account_id] as const));
  const [row] = await queryRows<{ matching: number }>(
    db,
    sql`select count(*)::int as matching from plaid_transactions t where t.user_id = ${userId} and ${compileRuleConditions(conditions, { plaidAccountIds })}`,
  );
  return { matching: Number(row?.matching ?? 0) };
}
