import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./safe-return-path";

const FALLBACK = "/dashboard";

describe("safeReturnPath", () => {
  it("keeps plain same-site paths with their query and fragment", () => {
    for (const path of ["/", "/settings", "/transactions?month=2026-01&q=caf%C3%A9", "/accounts/3f1c#history", "/a%20b"]) {
      expect(safeReturnPath(path, FALLBACK)).toBe(path);
    }
  });

  it.each([
    ["another origin", "https://evil.example/"],
    ["a protocol-relative URL", "//evil.example/"],
    ["a backslash", "/\\evil.example"],
    ["a backslash later on", "/settings\\..\\evil"],
    ["a tab that browsers strip", "/\t/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["a carriage return", "/\r/evil.example"],
    ["a NUL", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["a C1 control", "/\u0085/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["an encoded slash making //", "/%2Fevil.example"],
    ["a double-encoded tab", "/%2509/evil.example"],
    ["a double-encoded backslash", "/%255Cevil.example"],
    ["a malformed escape", "/%E0%A4%A"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path", "dashboard"],
    ["an empty string", ""],
    ["not a string", 42],
    ["a huge value", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_what, value) => {
    expect(safeReturnPath(value, FALLBACK)).toBe(FALLBACK);
  });
});
