import { describe, expect, it } from "vitest";
import { formatDay, lowestText } from "./forecast-format";

describe("forecast wording", () => {
  it("calls out the lowest point with its amount and day", () => {
    expect(lowestText({ date: "2027-01-14", balance: "412.30" }, "USD", "en-US")).toBe("Lowest: $412.30 on Jan 14");
    expect(lowestText({ date: "2027-02-01", balance: "-35.5" }, "USD", "en-US")).toBe("Lowest: −$35.50 on Feb 1");
    expect(formatDay("2026-12-31", "en-US")).toBe("Dec 31");
  });
});
