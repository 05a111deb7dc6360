import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { categories, plaidAccounts } from "@/db/schema";
import { RuleNotFoundError } from "./rule-errors";
import type { RuleActions, RuleCondition } from "./rule-schemas";

/**
 * The category a rule sets and the accounts its conditions name must be the user's own (a live,
 * unmerged category): another user's id answers like a missing one.
 */
export async function assertRuleReferences(db: Queryable, userId: string, conditions: readonly RuleCondition[], actions: Pick<RuleActions, "setCategoryId">): Promise<void> {
  if (actions.setCategoryId !== null) {
    const [category] = await db
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, actions.setCategoryId), eq(categories.userId, userId), isNull(categories.deletedAt), isNull(categories.mergedIntoId)));
    if (!category) throw new RuleNotFoundError("category");
  }
  for (const condition of conditions) {
    if (condition.type !== "account") continue;
    const [account] = await db
      .select({ id: plaidAccounts.id })
      .from(plaidAccounts)
      .where(and(eq(plaidAccounts.id, condition.accountId), eq(plaidAccounts.userId, userId)));
    if (!account) throw new RuleNotFoundError("account");
  }
}
