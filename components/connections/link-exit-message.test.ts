import { describe, expect, it } from "vitest";
import { linkExitMessage } from "./link-exit-message";

describe("linkExitMessage", () => {
  it("says a denied consent connected nothing, naming the bank", () => {
    expect(linkExitMessage({ error_code: "ACCESS_NOT_GRANTED", display_message: null }, "Platypus OAuth Bank")).toMatch(
      /did not give Ledgerlink access at Platypus OAuth Bank, so nothing was connected/,
    );
  });

  it("explains a tampered, reused or foreign OAuth return the same way", () => {
    for (const code of ["INVALID_FIELD", "OAUTH_STATE_ID_NOT_FOUND", "OAUTH_STATE_ID_ALREADY_PROCESSED", "INCORRECT_LINK_TOKEN"]) {
      expect(linkExitMessage({ error_code: code, error_message: "developer words" })).toMatch(/could not be matched.*start again/);
    }
  });

  it("falls back to Plaid's display message, then its error message", () => {
    expect(linkExitMessage({ error_code: "INSTITUTION_DOWN", display_message: "The bank is down.", error_message: "x" })).toBe("The bank is down.");
    expect(linkExitMessage({ error_code: "SOMETHING", display_message: null, error_message: "raw" })).toBe("raw");
  });
});
