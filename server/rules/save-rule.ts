import { and, eq, sql } from "drizzle-orm";
import type { Database, Queryable } from "@/db/client";
import { rules } from "@/db/schema";
import { assertRuleReferences } from "./assert-rule-references";
import { loadEnabledRules } from "./load-rules";
import { markedByRules, recomputeRuleValues } from "./recompute-rule-values";
import { RuleNotFoundError, RuleOrderError } from "./rule-errors";
import type { RuleInput } from "./rule-schemas";

// Rule writes. Creating or enabling a rule changes nothing already synced: it applies to new and
// modified transactions, and to history when the person asks (after a preview count). Editing,
// disabling, deleting or reordering rules recomputes the rule values of every transaction some
// rule currently marks, in the same transaction, so no rule's effects outlive it, and the month
// totals follow. Manual values are never touched.

const columns = (input: RuleInput) => ({
  name: input.name,
  enabled: input.enabled,
  stop: input.stop,
  conditions: input.conditions,
  setCategoryId: input.actions.setCategoryId,
  setDisplayName: input.actions.setDisplayName,
  addTags: input.actions.addTags,
  hide: input.actions.hide,
});

/** Re-derives rule values where some rule applied, from the rules as they now are. */
export async function recomputeMarked(tx: Queryable, userId: string): Promise<number> {
  const ruleSet = await loadEnabledRules(tx, userId);
  const outcome = await recomputeRuleValues(tx, userId, ruleSet, markedByRules, { refreshTotals: true });
  return outcome.changed;
}

async function lockOwnedRule(tx: Queryable, userId: string, ruleId: string): Promise<void> {
  const [row] = await tx.select({ id: rules.id }).from(rules).where(and(eq(rules.id, ruleId), eq(rules.userId, userId))).for("update");
  if (!row) throw new RuleNotFoundError("rule");
}

/** A new rule; at the bottom of the list unless `atTop` (a rule made from one transaction goes first). */
export async function createRule(tx: Queryable, userId: string, input: RuleInput, options: { atTop?: boolean } = {}): Promise<{ id: string }> {
  await assertRuleReferences(tx, userId, input.conditions, input.actions);
  const [edge] = await tx
    .select({ first: sql<number | null>`min(${rules.position})`, last: sql<number | null>`max(${rules.position})` })
    .from(rules)
    .where(eq(rules.userId, userId));
  const position = options.atTop ? Number(edge?.first ?? 1) - 1 : Number(edge?.last ?? -1) + 1;
  const [created] = await tx.insert(rules).values({ userId, position, ...columns(input) }).returning({ id: rules.id });
  if (!created) throw new Error("rule insert returned nothing");
  return created;
}

/** Replaces a rule's name, conditions and actions; answers how many transactions changed. */
export async function updateRule(db: Database, userId: string, ruleId: string, input: RuleInput): Promise<{ id: string; changed: number }> {
  return db.transaction(async (tx) => {
    await lockOwnedRule(tx, userId, ruleId);
    await assertRuleReferences(tx, userId, input.conditions, input.actions);
    await tx.update(rules).set({ ...columns(input), updatedAt: new Date() }).where(and(eq(rules.id, ruleId), eq(rules.userId, userId)));
    return { id: ruleId, changed: await recomputeMarked(tx, userId) };
  });
}

export async function setRuleEnabled(db: Database, userId: string, ruleId: string, enabled: boolean): Promise<{ id: string; changed: number }> {
  return db.transaction(async (tx) => {
    await lockOwnedRule(tx, userId, ruleId);
    await tx.update(rules).set({ enabled, updatedAt: new Date() }).where(and(eq(rules.id, ruleId), eq(rules.userId, userId)));
    // Enabling applies from now on (history on request); disabling removes what the rule set.
    return { id: ruleId, changed: enabled ? 0 : await recomputeMarked(tx, userId) };
  });
}

/** Deletes a rule and, in the same transaction, every effect it had. */
export async function deleteRule(db: Database, userId: string, ruleId: string): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    await lockOwnedRule(tx, userId, ruleId);
    await tx.delete(rules).where(and(eq(rules.id, ruleId), eq(rules.userId, userId)));
    return { changed: await recomputeMarked(tx, userId) };
  });
}

/**
 * Puts the user's rules in the order given, which must name each of their rules exactly once
 * (another user's id, or a missing one, is NOT_FOUND and nothing moves). Priority changes can
 * change which rule wins, so the marked rows are recomputed.
 */
export async function reorderRules(db: Database, userId: string, ruleIds: readonly string[]): Promise<{ changed: number }> {
  return db.transaction(async (tx) => {
    const owned = await tx.select({ id: rules.id }).from(rules).where(eq(rules.userId, userId)).for("update");
    const ownedIds = new Set(owned.map((row) => row.id));
    if (ruleIds.some((id) => !ownedIds.has(id))) throw new RuleNotFoundError("rule");
    if (new Set(ruleIds).size !== ruleIds.length || ruleIds.length !== ownedIds.size) throw new RuleOrderError();
    // One statement: positions 0..n-1 in the order given.
    await tx.execute(sql`update rules set position = o.position - 1, updated_at = now()
      from jsonb_array_elements_text(${JSON.stringify(ruleIds)}::jsonb) with ordinality as o(id, position)
      where rules.id = o.id::uuid and rules.user_id = ${userId}`);
    return { changed: await recomputeMarked(tx, userId) };
  });
}
