import { formatMoney } from "@/components/connections/format-money";

interface BudgetLike {
  categoryName: string | null;
  currency: string;
  pace: "on_track" | "over";
  overBy: string | null;
}

/** "Total spending" for a currency's total budget, else the category's name. */
export const budgetName = (budget: BudgetLike) => budget.categoryName ?? "Total spending";

/** "On track" or "Over by $10.98": spent so far plus the bills still due, against what is available. */
export const paceText = (budget: BudgetLike) => (budget.pace === "over" && budget.overBy ? `Over by ${formatMoney(budget.overBy, budget.currency)}` : "On track");
