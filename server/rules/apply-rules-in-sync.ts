import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { loadEnabledRules } from "./load-rules";
import { recomputeRuleValues } from "./recompute-rule-values";

/**
 * The sync's one call into the rules engine: inside the sync's write transaction, after the
 * staged rows are written and before the month totals are refreshed (so the totals count rule
 * categories and hidden rows). Recomputes rule values for exactly the rows this transaction
 * inserted or modified: those whose updated_at is now(), which in PostgreSQL is the transaction's
 * start, the same for every row the upsert wrote and earlier than any row written before it
 * (the item's lease keeps other writers out). `months` (the touched months, YYYY-MM-01) bound the
 * scan to the (user, date) index on a daily sync.
 */
export async function applyRulesToSyncedTransactions(tx: Queryable, target: { userId: string; itemId: string }, months: readonly string[]): Promise<void> {
  if (months.length === 0) return;
  const ruleSet = await loadEnabledRules(tx, target.userId);
  // No rules, no rule values to keep: deleting or disabling a rule already cleared what it set.
  if (ruleSet.rules.length === 0) return;
  const earliest = [...months].sort()[0] ?? months[0];
  await recomputeRuleValues(
    tx,
    target.userId,
    ruleSet,
    sql`t.item_id = ${target.itemId}::uuid and t.date >= ${earliest}::date and t.updated_at >= now()`,
    { refreshTotals: false },
  );
}
