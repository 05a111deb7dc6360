import { sql, type SQL } from "drizzle-orm";
import type { RuleCondition } from "./rule-schemas";

/**
 * What compiling needs besides the condition: a rule's account condition names our account row
 * (plaid_accounts.id, checked to be the user's when the rule was saved), transactions carry
 * Plaid's account id. Loaded once per evaluation for all rules (server/rules/load-rules.ts).
 */
export interface CompileContext {
  /** plaid_accounts.id → plaid_account_id, the user's accounts only. */
  plaidAccountIds: ReadonlyMap<string, string>;
  /**
   * The row carries folded_merchant and folded_name (see foldedTextColumns): each folded once per
   * row rather than once per text condition, which counts with 50 rules over 100k rows.
   */
  folded?: boolean;
}

// Merchant: Plaid's cleaned-up merchant, or the bank's description where Plaid found none: what
// a person means by "the merchant", and what the transactions list shows.
const merchant = sql`coalesce(t.merchant_name, t.name)`;
const name = sql`t.name`;
// Case folded by Unicode rules whatever the database's locale: under a "C" database lower()
// leaves É as it is, so "café" would not find "CAFÉ". pg_c_utf8 is built in from PostgreSQL 17.
const folded = (text: SQL) => sql`lower(${text} collate pg_c_utf8)`;

/** The folded text columns a `folded` context expects on `t`, for a select list over plaid_transactions. */
export const foldedTextColumns: SQL = sql`${folded(merchant)} as folded_merchant, ${folded(name)} as folded_name`;

/**
 * One condition as a boolean SQL expression over plaid_transactions aliased `t`. Every value the
 * person typed is a bound parameter, never SQL text; text is compared with strpos on lower(), not
 * LIKE, so % and _ are plain characters.
 */
export function compileRuleCondition(condition: RuleCondition, context: CompileContext): SQL {
  switch (condition.type) {
    case "text": {
      const field = context.folded ? sql.raw(condition.field === "merchant" ? "t.folded_merchant" : "t.folded_name") : folded(condition.field === "merchant" ? merchant : name);
      const value = folded(sql`${condition.value}::text`);
      return condition.op === "equals" ? sql`${field} = ${value}` : sql`strpos(${field}, ${value}) > 0`;
    }
    case "amount": {
      // Bounds are on the magnitude; Plaid's sign is positive for money out.
      const parts: SQL[] = [];
      if (condition.min != null) parts.push(sql`abs(t.amount) >= ${condition.min}::numeric`);
      if (condition.max != null) parts.push(sql`abs(t.amount) <= ${condition.max}::numeric`);
      if (condition.direction === "out") parts.push(sql`t.amount > 0`);
      if (condition.direction === "in") parts.push(sql`t.amount < 0`);
      return parts.length === 0 ? sql`true` : sql`(${sql.join(parts, sql` and `)})`;
    }
    case "direction":
      return condition.value === "out" ? sql`t.amount > 0` : sql`t.amount < 0`;
    case "account": {
      // An account removed since the rule was saved matches nothing.
      const plaidAccountId = context.plaidAccountIds.get(condition.accountId);
      return plaidAccountId === undefined ? sql`false` : sql`t.plaid_account_id = ${plaidAccountId}::text`;
    }
    case "plaidCategory":
      return condition.level === "primary" ? sql`t.category_primary = ${condition.value}::text` : sql`t.category_detailed = ${condition.value}::text`;
  }
}

/** All of a rule's conditions (they must all hold) as one predicate; null SQL values count as no match. */
export function compileRuleConditions(conditions: readonly RuleCondition[], context: CompileContext): SQL {
  if (conditions.length === 0) return sql`false`;
  return sql`coalesce((${sql.join(
    conditions.map((condition) => compileRuleCondition(condition, context)),
    sql` and `,
  )}), false)`;
}
