import type { RouterInputs } from "@/components/trpc/react";
import type { Condition } from "./rule-summary";

type ConditionInput = RouterInputs["rules"]["create"]["conditions"][number];
export type ConditionType = ConditionInput["type"];

/** One condition row of the form, every field as typed (the server checks and explains). */
export interface ConditionDraft {
  key: number;
  type: ConditionType;
  field: "merchant" | "name";
  op: "contains" | "equals";
  value: string;
  min: string;
  max: string;
  direction: "any" | "in" | "out";
  accountId: string;
  level: "primary" | "detailed";
}

let nextKey = 1;

export function emptyCondition(type: ConditionType = "text", accountId = ""): ConditionDraft {
  return { key: nextKey++, type, field: "merchant", op: "contains", value: "", min: "", max: "", direction: "any", accountId, level: "primary" };
}

export function draftOf(condition: Condition): ConditionDraft {
  const draft = emptyCondition(condition.type);
  switch (condition.type) {
    case "text":
      return { ...draft, field: condition.field, op: condition.op, value: condition.value };
    case "amount":
      return { ...draft, min: condition.min ?? "", max: condition.max ?? "", direction: condition.direction };
    case "direction":
      return { ...draft, direction: condition.value };
    case "account":
      return { ...draft, accountId: condition.accountId };
    case "plaidCategory":
      return { ...draft, level: condition.level, value: condition.value };
  }
}

/** The condition the router takes; blank bounds are left out. */
export function inputOf(draft: ConditionDraft): ConditionInput {
  switch (draft.type) {
    case "text":
      return { type: "text", field: draft.field, op: draft.op, value: draft.value };
    case "amount":
      return { type: "amount", min: draft.min.trim() || null, max: draft.max.trim() || null, direction: draft.direction };
    case "direction":
      return { type: "direction", value: draft.direction === "in" ? "in" : "out" };
    case "account":
      return { type: "account", accountId: draft.accountId };
    case "plaidCategory":
      return { type: "plaidCategory", level: draft.level, value: draft.value };
  }
}

/** Complete enough to count matches while the person types (the server still validates). */
export function countable(draft: ConditionDraft): boolean {
  switch (draft.type) {
    case "text":
      return draft.value.trim().length > 0;
    case "amount":
      return /^\d{1,12}(\.\d{1,2})?$/.test(draft.min.trim()) || /^\d{1,12}(\.\d{1,2})?$/.test(draft.max.trim());
    case "direction":
      return true;
    case "account":
      return draft.accountId.length > 0;
    case "plaidCategory":
      return /^[A-Za-z_]{2,80}$/.test(draft.value.trim());
  }
}
