import { describe, expect, it } from "vitest";
import { aprLabel, formatPercent, loanTermRows } from "./liability-format";

describe("liability wording", () => {
  it("shows a rate without trailing zeros, and names APR types", () => {
    expect(formatPercent("12.50")).toBe("12.5%");
    expect(formatPercent("27.95")).toBe("27.95%");
    expect(formatPercent("0.00")).toBe("0%");
    expect(formatPercent("5")).toBe("5%");
    expect(aprLabel("cash_apr")).toBe("Cash advances");
    expect(aprLabel("intro_rate")).toBe("intro rate");
  });

  it("lists only the loan terms Plaid gave, in a fixed order, money through the formatter", () => {
    const rows = loanTermRows(
      { loanType: "fixed", originationPrincipalAmount: "425000.00", maturityDate: "2053-07-01", hasPmi: false, guarantor: null },
      (amount) => `$${amount}`,
    );
    expect(rows).toEqual([
      ["Type", "Fixed"],
      ["Original principal", "$425000.00"],
      ["Matures", "Jul 1, 2053"],
      ["Mortgage insurance (PMI)", "No"],
    ]);
    expect(loanTermRows(null, String)).toEqual([]);
  });
});
