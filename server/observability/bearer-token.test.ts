import { describe, expect, it } from "vitest";
import { bearerTokenMatches } from "./bearer-token";

const TOKEN = "metrics-token-0123456789";

describe("bearerTokenMatches", () => {
  it("accepts exactly `Bearer <token>` (scheme in any case)", () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ["no header", null],
    ["an empty header", ""],
    ["another scheme", `Basic ${TOKEN}`],
    ["the bare token", TOKEN],
    ["a prefix of the token", `Bearer ${TOKEN.slice(0, -1)}`],
    ["the token with more after it", `Bearer ${TOKEN}x`],
    ["two tokens", `Bearer ${TOKEN} ${TOKEN}`],
  ])("refuses %s", (_, header) => {
    expect(bearerTokenMatches(header, TOKEN)).toBe(false);
  });
});
