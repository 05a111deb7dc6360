import { describe, expect, it } from "vitest";
import { bankNames, formatFrequency, streamTitle } from "./format-recurring";

describe("recurring stream wording", () => {
  it("says each Plaid frequency in words, anything else as irregular", () => {
    expect(["WEEKLY", "BIWEEKLY", "SEMI_MONTHLY", "MONTHLY", "ANNUALLY", "UNKNOWN", "SOMETHING_NEW"].map(formatFrequency)).toEqual([
      "Weekly",
      "Every 2 weeks",
      "Twice a month",
      "Monthly",
      "Yearly",
      "Irregular",
      "Irregular",
    ]);
  });

  it("names a stream by its merchant, else by the bank's description", () => {
    expect(streamTitle({ merchantName: "Netflix", description: "NETFLIX.COM 866-579" })).toBe("Netflix");
    expect(streamTitle({ merchantName: null, description: "RENT PAYMENT" })).toBe("RENT PAYMENT");
  });

  it("lists banks by name, unnamed ones as your bank", () => {
    expect(bankNames([{ institutionName: "Tartan Bank" }, { institutionName: null }])).toBe("Tartan Bank, your bank");
  });
});
