import { describe, expect, it } from "vitest";
import { displayBalance, groupAccounts, groupOf } from "./account-groups";

describe("account groups", () => {
  it("groups by Plaid type in a fixed order and drops empty groups", () => {
    const groups = groupAccounts([
      { id: "l", type: "loan" },
      { id: "c", type: "depository" },
      { id: "x", type: "mystery" },
      { id: "cc", type: "credit" },
    ]);
    expect(groups.map((group) => [group.key, group.accounts.map((account) => account.id)])).toEqual([
      ["cash", ["c"]],
      ["credit", ["cc"]],
      ["loan", ["l"]],
      ["other", ["x"]],
    ]);
    expect(groupOf("brokerage")).toBe("investment");
  });

  it("shows credit cards and loans as negative, assets as their current or available balance", () => {
    expect(displayBalance({ type: "credit", currentBalance: "410.5", availableBalance: "2000" })).toBe("-410.5");
    expect(displayBalance({ type: "loan", currentBalance: "-20", availableBalance: null })).toBe("20");
    expect(displayBalance({ type: "depository", currentBalance: null, availableBalance: "100" })).toBe("100");
    expect(displayBalance({ type: "credit", currentBalance: null, availableBalance: "100" })).toBeNull();
  });
});
