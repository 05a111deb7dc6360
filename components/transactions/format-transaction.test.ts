import { describe, expect, it } from "vitest";
import { formatAmount, formatCategory, formatDate, formatSince } from "./format-transaction";

describe("formatAmount", () => {
  it("shows money out as a minus and money in as a plus, exactly", () => {
    expect(formatAmount("12.34", "USD", "en-US")).toEqual({ text: "−$12.34", direction: "out" });
    expect(formatAmount("-2500", "USD", "en-US")).toEqual({ text: "+$2,500.00", direction: "in" });
    expect(formatAmount("0.1", "EUR", "de-DE").text).toBe("−0,10\u00a0€");
    expect(formatAmount("90071992547409.93", "USD", "en-US").text).toBe("−$90,071,992,547,409.93");
    expect(formatAmount("0.00", "USD", "en-US").text).toBe("$0.00");
    expect(formatAmount("-0", "USD", "en-US").text).toBe("$0.00");
  });

  it("falls back for currencies Intl does not know", () => {
    expect(formatAmount("1.5", "BTC1", "en-US").text).toBe("−1.50 BTC1");
  });
});

describe("formatDate, formatCategory, formatSince", () => {
  it("keeps the calendar date in every time zone", () => {
    expect(formatDate("2026-01-01", "en-US")).toBe("Jan 1, 2026");
  });
  it("humanises Plaid's personal finance categories", () => {
    expect(formatCategory("FOOD_AND_DRINK")).toBe("Food and drink");
    expect(formatCategory(null)).toBe("Uncategorized");
  });
  it("says how long ago", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(formatSince(new Date("2026-01-01T11:57:00Z"), now, "en-US")).toBe("3 minutes ago");
    expect(formatSince(new Date("2026-01-01T12:00:00Z"), now, "en-US")).toBe("now");
    // A sync stamped by a server clock slightly ahead of the browser's is not "in 4 seconds".
    expect(formatSince(new Date("2026-01-01T12:00:04Z"), now, "en-US")).toBe("now");
  });
});
