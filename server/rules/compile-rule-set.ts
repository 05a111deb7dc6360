import { sql, type SQL } from "drizzle-orm";
import { compileRuleConditions } from "./compile-rule-condition";
import type { LoadedRuleSet } from "./load-rules";

/**
 * A user's whole rule set as SQL over one row of plaid_transactions (`t`): one boolean column per
 * rule (`m0`, `m1`, …, each condition evaluated once per row) and, over those columns, the four
 * rule_* values. Evaluating 50 rules over 100k rows is then one statement, never a loop in JS.
 *
 * Semantics (db/schema/rules.ts): rules apply in list order; for category, display name and
 * hide the matching rule highest in the list wins (a CASE picks the first true branch); tags of
 * every matching rule are added; a matching `stop` rule shuts off every rule below it.
 */
export interface CompiledRuleSet {
  /** `<predicate> as m<i>` for each rule, for the select list over `t`. */
  matchColumns: SQL;
  ruleCategoryId: SQL;
  ruleDisplayName: SQL;
  ruleTags: SQL;
  ruleHidden: SQL;
}

const column = (index: number) => sql.raw(`m${String(index)}`);

export function compileRuleSet({ rules, context }: LoadedRuleSet): CompiledRuleSet {
  if (rules.length === 0) {
    return { matchColumns: sql`false as m0`, ruleCategoryId: sql`null::uuid`, ruleDisplayName: sql`null::text`, ruleTags: sql`'{}'::text[]`, ruleHidden: sql`null::boolean` };
  }
  const matchColumns = sql.join(
    rules.map((rule, index) => sql`${compileRuleConditions(rule.conditions, context)} as ${column(index)}`),
    sql`, `,
  );
  // Rule i applies when it matched and no `stop` rule above it matched (a stop rule that matched
  // is itself in effect: being shut off needs a matching stop rule higher still, which shuts off
  // everything below it anyway, so "matched" is enough).
  const stoppedAbove: SQL[] = [];
  const applies: SQL[] = rules.map((rule, index) => {
    const expression = stoppedAbove.length === 0 ? column(index) : sql`(${column(index)} and not (${sql.join(stoppedAbove, sql` or `)}))`;
    if (rule.stop) stoppedAbove.push(column(index));
    return expression;
  });

  const firstOf = (pick: (index: number) => SQL | null, type: string): SQL => {
    const branches = rules.flatMap((_, index) => {
      const value = pick(index);
      return value === null ? [] : [sql`when ${applies[index]} then ${value}`];
    });
    return branches.length === 0 ? sql.raw(`null::${type}`) : sql`(case ${sql.join(branches, sql` `)} end)`;
  };
  // Tags without a per-row sort: every tag any rule adds, in order (sorted here as the edit code
  // sorts manual tags), present when some applying rule adds it; the nulls are then removed.
  const allTags = [...new Set(rules.flatMap((rule) => rule.addTags))].sort();
  const tagSlots = allTags.map((tag) => {
    const adders = rules.flatMap((rule, index) => (rule.addTags.includes(tag) ? [applies[index] ?? sql`false`] : []));
    return sql`case when ${sql.join(adders, sql` or `)} then ${tag}::text end`;
  });

  return {
    matchColumns,
    ruleCategoryId: firstOf((i) => (rules[i]?.setCategoryId ? sql`${rules[i].setCategoryId}::uuid` : null), "uuid"),
    ruleDisplayName: firstOf((i) => (rules[i]?.setDisplayName ? sql`${rules[i].setDisplayName}::text` : null), "text"),
    ruleHidden: firstOf((i) => (rules[i]?.hide ? sql`true` : null), "boolean"),
    // Sorted and without repeats, as the edit code writes manual tags.
    ruleTags: tagSlots.length === 0 ? sql`'{}'::text[]` : sql`array_remove(array[${sql.join(tagSlots, sql`, `)}]::text[], null)`,
  };
}
