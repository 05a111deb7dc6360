import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./content-security-policy";

describe("contentSecurityPolicy", () => {
  it("allows the emulator's Link script and frame only in emulator mode, and forbids framing us", () => {
    const csp = contentSecurityPolicy({ PLAID_ENV: "emulator", PLAID_BASE_URL: "http://127.0.0.1:4010", NODE_ENV: "production" }, "abc");
    expect(csp).toContain("script-src 'self' 'nonce-abc' 'strict-dynamic' http://127.0.0.1:4010");
    expect(csp).toContain("frame-src 'self' http://127.0.0.1:4010");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("cdn.plaid.com");
    expect(csp).not.toContain("unsafe-eval");
  });

  it("allows Plaid's CDN against real Plaid", () => {
    const csp = contentSecurityPolicy({ PLAID_ENV: "sandbox", PLAID_BASE_URL: "https://sandbox.plaid.com", NODE_ENV: "production" }, "n");
    expect(csp).toContain("frame-src 'self' https://cdn.plaid.com");
    expect(csp).not.toContain("127.0.0.1");
  });
});
