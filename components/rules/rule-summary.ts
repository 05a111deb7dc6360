import type { RouterOutputs } from "@/components/trpc/react";

export type RulesList = RouterOutputs["rules"]["list"];
export type ListedRule = RulesList["rules"][number];
export type Condition = ListedRule["conditions"][number];

const plain = (value: string) => value.toLowerCase().replaceAll("_", " ");

/** One condition as a phrase: "merchant is “Starbucks”", "money out from 10 to 50". */
export function describeCondition(condition: Condition, accounts: RulesList["accounts"]): string {
  switch (condition.type) {
    case "text":
      return `${condition.field === "merchant" ? "merchant" : "bank description"} ${condition.op === "equals" ? "is" : "contains"} “${condition.value}”`;
    case "amount": {
      const direction = condition.direction === "in" ? "money in" : condition.direction === "out" ? "money out" : "amount";
      if (condition.min != null && condition.max != null) return `${direction} from ${condition.min} to ${condition.max}`;
      return condition.min != null ? `${direction} of at least ${condition.min}` : `${direction} of at most ${condition.max ?? ""}`;
    }
    case "direction":
      return condition.value === "in" ? "money in" : "money out";
    case "account": {
      const account = accounts.find((a) => a.id === condition.accountId);
      return `account is ${account ? `${account.name}${account.mask ? ` ••${account.mask}` : ""}` : "a removed account"}`;
    }
    case "plaidCategory":
      return `Plaid ${condition.level} category is ${plain(condition.value)}`;
  }
}

/** The rule's actions as phrases: "category Coffee", "rename to “Rent”", "tag travel", "hide". */
export function describeActions(rule: ListedRule, categories: RulesList["categories"]): string[] {
  const phrases: string[] = [];
  if (rule.actions.setCategoryId) phrases.push(`set category to ${categories.find((c) => c.id === rule.actions.setCategoryId)?.name ?? "a removed category"}`);
  if (rule.actions.setDisplayName) phrases.push(`rename to “${rule.actions.setDisplayName}”`);
  if (rule.actions.addTags.length > 0) phrases.push(`tag ${rule.actions.addTags.join(", ")}`);
  if (rule.actions.hide) phrases.push("hide from reports");
  return phrases;
}
