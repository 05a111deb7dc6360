import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, hashRecoveryCode, normaliseRecoveryCode } from "./recovery-codes";
import { matchTotpStep, newTotpSecret, totpCode, totpStep, totpUri } from "./totp";
import { readPendingSecondFactor, issuePendingSecondFactor } from "./second-factor-pending";
import { describeDevice, networkOf } from "./user-sessions";

const at = (iso: string) => new Date(iso);

describe("TOTP (RFC 6238)", () => {
  it("matches the RFC 6238 SHA-1 test vector", () => {
    // Appendix B: secret "12345678901234567890", T = 59 s → 94287082 (8 digits); 6 digits keep the tail.
    const secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    expect(totpCode(secret, new Date(59_000))).toBe("287082");
    expect(matchTotpStep(secret, "287082", new Date(59_000))).toBe(1);
  });

  it("accepts the current code and one step either side, and nothing further", () => {
    const secret = newTotpSecret();
    const now = at("2026-12-04T12:00:15Z");
    const step = totpStep(now);
    expect(matchTotpStep(secret, totpCode(secret, now), now)).toBe(step);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() - 60_000)), now)).toBeNull();
    expect(matchTotpStep(secret, totpCode(secret, new Date(now.getTime() + 60_000)), now)).toBeNull();
  });

  it("takes codes typed with a space and refuses anything that is not six digits", () => {
    const secret = newTotpSecret();
    const now = at("2026-12-04T12:00:15Z");
    const code = totpCode(secret, now);
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now)).toBe(totpStep(now));
    expect(matchTotpStep(secret, "12345", now)).toBeNull();
    expect(matchTotpStep(secret, "abcdef", now)).toBeNull();
  });

  it("writes an otpauth URI an authenticator app reads: issuer, account and the secret", () => {
    const uri = totpUri("JBSWY3DPEHPK3PXP", "ana@example.com");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Ledgerlink:ana%40example\.com\?/);
    expect(uri).toContain("secret=JBSWY3DPEHPK3PXP");
    expect(uri).toContain("period=30");
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes that normalise from any case and spacing to the same hash", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    const [first = ""] = codes;
    const typed = first.toUpperCase().replace(/-/g, " ");
    expect(hashRecoveryCode(normaliseRecoveryCode(typed) ?? "")).toBe(hashRecoveryCode(normaliseRecoveryCode(first) ?? ""));
    expect(normaliseRecoveryCode("123456")).toBeNull();
  });
});

describe("the pending second-factor cookie", () => {
  const secret = "a test secret that is long enough";
  it("names the user for five minutes and nothing after, or when tampered", () => {
    const now = at("2026-12-04T12:00:00Z");
    const value = issuePendingSecondFactor(secret, { userId: "u1", sessionVersion: 3, email: "a@example.com" }, now);
    expect(readPendingSecondFactor(secret, value, new Date(now.getTime() + 299_000))).toEqual({ userId: "u1", sessionVersion: 3, email: "a@example.com" });
    expect(readPendingSecondFactor(secret, value, new Date(now.getTime() + 300_000))).toBeNull();
    expect(readPendingSecondFactor("another secret entirely", value, now)).toBeNull();
    const [body = "", mac = ""] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ u: "u2", v: 3, m: "a@example.com", e: 9_999_999_999 })).toString("base64url");
    expect(readPendingSecondFactor(secret, `${forged}.${mac}`, now)).toBeNull();
    expect(readPendingSecondFactor(secret, body, now)).toBeNull();
  });
});

describe("session descriptions", () => {
  it("names browser and OS, and only a network, never the address", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox on Linux");
    expect(describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1")).toBe("Safari on iOS");
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0")).toBe("Edge on Windows");
    expect(describeDevice(null)).toBe("Unknown device");
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:abcd:12::/64")).toBe("2001:db8:abcd::/48");
    expect(networkOf(null)).toBeNull();
  });
});
