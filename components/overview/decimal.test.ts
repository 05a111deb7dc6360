import { describe, expect, it } from "vitest";
import { compare, fromUnits, negate, subtract, toUnits } from "./decimal";

describe("decimal strings", () => {
  it("subtracts exactly where floats would not", () => {
    expect(subtract("0.3", "0.1")).toBe("0.2");
    expect(subtract("100.10", "250.25")).toBe("-150.15");
    expect(subtract("1000000000000.01", "0.02")).toBe("999999999999.99");
  });
  it("round-trips signs and crypto precision", () => {
    expect(fromUnits(toUnits("-0.00000001"))).toBe("-0.00000001");
    expect(negate("12.5")).toBe("-12.5");
    expect(negate("-3")).toBe("3");
    expect(fromUnits(toUnits("0"))).toBe("0");
  });
  it("compares", () => {
    expect(compare("10.00", "9.99")).toBe(1);
    expect(compare("-1", "1")).toBe(-1);
    expect(compare("2.50", "2.5")).toBe(0);
  });
});
