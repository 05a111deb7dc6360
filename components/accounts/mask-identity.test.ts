import { describe, expect, it } from "vitest";
import { maskAddress, maskEmail, maskName, maskPhone } from "./mask-identity";

describe("identity masks", () => {
  it("hide all but a hint of each detail", () => {
    expect(maskName("Alberta Bobbeth Charleson")).toBe("A•••••• B•••••• C••••••••");
    expect(maskEmail("accountholder0@example.com")).toBe("a••••••••@example.com");
    expect(maskPhone("1112223333")).toBe("••••••••33");
    expect(maskAddress("2992 Cameron Road, Malakoff, NY 14236")).toBe("••••••••, Malakoff, NY 14236");
    expect(maskName("Al")).not.toContain("l");
  });
});
