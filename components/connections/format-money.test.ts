import { describe, expect, it } from "vitest";
import { formatMoney } from "./format-money";

describe("formatMoney", () => {
  it("formats in the account's currency", () => {
    expect(formatMoney("1203.42", "USD", "en-US")).toBe("$1,203.42");
    expect(formatMoney("-5.5", "EUR", "en-US")).toBe("-€5.50");
    expect(formatMoney("1000", "JPY", "en-US")).toBe("¥1,000");
  });

  it("keeps every digit of a decimal string", () => {
    expect(formatMoney("90071992547409.91", "USD", "en-US")).toBe("$90,071,992,547,409.91");
  });

  it("shows an unofficial currency's code after the number", () => {
    expect(formatMoney("0.5", "BTC-X", "en-US")).toBe("0.50 BTC-X");
    expect(formatMoney("12", null, "en-US")).toBe("12.00");
  });
});
