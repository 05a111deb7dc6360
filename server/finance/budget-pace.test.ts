import { describe, expect, it } from "vitest";
import { budgetFigures, rolloverInto, spendingOf } from "./budget-pace";

describe("budget arithmetic", () => {
  it("counts refunds against purchases, never below zero", () => {
    expect(spendingOf("120.10", "20.05")).toBe("100.05");
    expect(spendingOf("10", "35.50")).toBe("0.00");
  });

  it("carries what was left unspent forward, and an overspent month empties the carry instead of borrowing", () => {
    expect(rolloverInto("100", [])).toBe("0.00");
    expect(rolloverInto("100", ["60", "70.25"])).toBe("69.75");
    expect(rolloverInto("100", ["60", "250", "90"])).toBe("10.00");
  });

  it("is on track while spent plus the bills still due fits what is available", () => {
    expect(budgetFigures({ amount: "400", rolledOver: "50", spent: "300", dueRecurring: "150" })).toEqual({
      available: "450.00",
      remaining: "150.00",
      percent: 66.66,
      projected: "450.00",
      pace: "on_track",
      overBy: null,
    });
  });

  it("says over by how much once the bills still due pass it, even before the spending does", () => {
    const figures = budgetFigures({ amount: "400", rolledOver: "0", spent: "380.10", dueRecurring: "15.49" });
    expect([figures.pace, figures.overBy, figures.remaining]).toEqual(["on_track", null, "19.90"]);
    const over = budgetFigures({ amount: "400", rolledOver: "0", spent: "380.10", dueRecurring: "39.99" });
    expect([over.pace, over.overBy, over.remaining, over.projected]).toEqual(["over", "20.09", "19.90", "420.09"]);
    expect(budgetFigures({ amount: "100", rolledOver: "0", spent: "130", dueRecurring: "0" })).toMatchObject({ remaining: "-30.00", percent: 130, overBy: "30.00" });
  });
});
