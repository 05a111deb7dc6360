import { PgDialect } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { compileRuleCondition, compileRuleConditions } from "./compile-rule-condition";
import { compileRuleSet } from "./compile-rule-set";
import type { LoadedRule } from "./load-rules";
import { ruleActionsSchema, ruleConditionSchema, type RuleCondition } from "./rule-schemas";

const dialect = new PgDialect();
const render = (query: SQL) => {
  const { sql, params } = dialect.sqlToQuery(query);
  return { sql, params };
};
const context = { plaidAccountIds: new Map([["4a9c1a52-0d0e-4c4f-9f0a-2a4f8a1f2b3c", "plaid-acc-1"]]) };
const compile = (condition: RuleCondition) => render(compileRuleCondition(condition, context));

describe("compileRuleCondition", () => {
  it("matches the merchant (Plaid's, else the bank's name) by case-folded equality or substring", () => {
    expect(compile({ type: "text", field: "merchant", op: "equals", value: "Starbucks" })).toEqual({
      sql: "lower(coalesce(t.merchant_name, t.name) collate pg_c_utf8) = lower($1::text collate pg_c_utf8)",
      params: ["Starbucks"],
    });
    expect(compile({ type: "text", field: "name", op: "contains", value: "café" })).toEqual({
      sql: "strpos(lower(t.name collate pg_c_utf8), lower($1::text collate pg_c_utf8)) > 0",
      params: ["café"],
    });
  });

  it("bounds the amount's magnitude, with a direction in Plaid's sign (positive is money out)", () => {
    expect(compile({ type: "amount", min: "10", max: "25.50", direction: "out" })).toEqual({
      sql: "(abs(t.amount) >= $1::numeric and abs(t.amount) <= $2::numeric and t.amount > 0)",
      params: ["10", "25.50"],
    });
    expect(compile({ type: "amount", min: null, max: "5", direction: "in" })).toEqual({ sql: "(abs(t.amount) <= $1::numeric and t.amount < 0)", params: ["5"] });
    expect(compile({ type: "direction", value: "in" }).sql).toBe("t.amount < 0");
    expect(compile({ type: "direction", value: "out" }).sql).toBe("t.amount > 0");
  });

  it("compares accounts by Plaid's id, and an account the user no longer has matches nothing", () => {
    expect(compile({ type: "account", accountId: "4a9c1a52-0d0e-4c4f-9f0a-2a4f8a1f2b3c" })).toEqual({ sql: "t.plaid_account_id = $1::text", params: ["plaid-acc-1"] });
    expect(compile({ type: "account", accountId: "00000000-0000-4000-8000-000000000000" })).toEqual({ sql: "false", params: [] });
  });

  it("matches Plaid's primary or detailed category exactly", () => {
    expect(compile(ruleConditionSchema.parse({ type: "plaidCategory", level: "primary", value: "food_and_drink" }))).toEqual({ sql: "t.category_primary = $1::text", params: ["FOOD_AND_DRINK"] });
    expect(compile({ type: "plaidCategory", level: "detailed", value: "FOOD_AND_DRINK_COFFEE" })).toEqual({ sql: "t.category_detailed = $1::text", params: ["FOOD_AND_DRINK_COFFEE"] });
  });

  it("passes SQL-shaped and wildcard-shaped text only as parameters", () => {
    for (const value of ["'; drop table users; --", "%", "_", "a' or '1'='1", "$1", "\\"]) {
      // The statement text is the same whatever was typed; the text travels as the parameter.
      expect(compile({ type: "text", field: "name", op: "contains", value })).toEqual({
        sql: "strpos(lower(t.name collate pg_c_utf8), lower($1::text collate pg_c_utf8)) > 0",
        params: [value],
      });
    }
  });

  it("reads text folded once per row when the row carries it", () => {
    expect(render(compileRuleCondition({ type: "text", field: "merchant", op: "equals", value: "Café" }, { ...context, folded: true }))).toEqual({
      sql: "t.folded_merchant = lower($1::text collate pg_c_utf8)",
      params: ["Café"],
    });
  });

  it("joins a rule's conditions with AND, a null value counting as no match", () => {
    const { sql, params } = render(compileRuleConditions([{ type: "direction", value: "out" }, { type: "text", field: "merchant", op: "contains", value: "x" }], context));
    expect(sql).toBe("coalesce((t.amount > 0 and strpos(lower(coalesce(t.merchant_name, t.name) collate pg_c_utf8), lower($1::text collate pg_c_utf8)) > 0), false)");
    expect(params).toEqual(["x"]);
  });
});

describe("rule schemas", () => {
  it("refuses bounds in the wrong order, amounts with more than two decimals and rules without an action", () => {
    expect(ruleConditionSchema.safeParse({ type: "amount", min: "10", max: "5" }).error?.issues[0]?.message).toBe("The minimum is more than the maximum");
    expect(ruleConditionSchema.safeParse({ type: "amount", min: "1.234" }).success).toBe(false);
    expect(ruleConditionSchema.safeParse({ type: "amount" }).error?.issues[0]?.message).toBe("Enter a minimum, a maximum or both");
    expect(ruleActionsSchema.safeParse({}).error?.issues[0]).toMatchObject({ message: "Choose at least one action", path: ["setCategoryId"] });
  });
});

const rule = (overrides: Partial<LoadedRule>): LoadedRule => ({
  id: "r",
  stop: false,
  conditions: [{ type: "direction", value: "out" }],
  setCategoryId: null,
  setDisplayName: null,
  addTags: [],
  hide: null,
  ...overrides,
});

describe("compileRuleSet", () => {
  it("evaluates each rule once, the highest matching rule wins a field, a matching stop rule shuts off those below", () => {
    const compiled = compileRuleSet({
      context,
      rules: [
        rule({ setCategoryId: "11111111-1111-4111-8111-111111111111" }),
        rule({ stop: true, addTags: ["a"] }),
        rule({ setCategoryId: "22222222-2222-4222-8222-222222222222", addTags: ["b"], hide: true }),
      ],
    });
    expect(render(compiled.matchColumns).sql).toBe("coalesce((t.amount > 0), false) as m0, coalesce((t.amount > 0), false) as m1, coalesce((t.amount > 0), false) as m2");
    expect(render(compiled.ruleCategoryId)).toEqual({
      sql: "(case when m0 then $1::uuid when (m2 and not (m1)) then $2::uuid end)",
      params: ["11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"],
    });
    expect(render(compiled.ruleHidden).sql).toBe("(case when (m2 and not (m1)) then true end)");
    expect(render(compiled.ruleDisplayName).sql).toBe("null::text");
    expect(render(compiled.ruleTags)).toEqual({
      sql: "array_remove(array[case when m1 then $1::text end, case when (m2 and not (m1)) then $2::text end]::text[], null)",
      params: ["a", "b"],
    });
  });

  it("with no rules sets nothing", () => {
    const compiled = compileRuleSet({ context, rules: [] });
    expect([compiled.ruleCategoryId, compiled.ruleDisplayName, compiled.ruleTags, compiled.ruleHidden].map((part) => render(part).sql)).toEqual([
      "null::uuid",
      "null::text",
      "'{}'::text[]",
      "null::boolean",
    ]);
  });
});
