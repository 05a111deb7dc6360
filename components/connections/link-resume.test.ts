import { describe, expect, it } from "vitest";
import { LINK_SESSION_KEY, LINK_TOKEN_LIFETIME_MS, forgetLinkSession, recallLinkSession, rememberLinkSession, safeReturnPath } from "./link-resume";

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
    values,
  };
}

const T0 = Date.parse("2026-03-01T10:00:00Z");

describe("the Link session kept across an OAuth bank's redirect", () => {
  it("gives back the same token, mode and return path", () => {
    const storage = memoryStorage();
    const mode = { kind: "update", itemId: "item-1", institutionName: "Platypus OAuth Bank", addAccounts: false } as const;
    rememberLinkSession(storage, { linkToken: "link-sandbox-1", mode, expiration: "2026-03-01T14:00:00Z", returnTo: "/dashboard" }, T0);
    expect(recallLinkSession(storage, T0 + 60_000)).toEqual({
      state: "ready",
      session: { linkToken: "link-sandbox-1", mode, createdAt: T0, expiresAt: Date.parse("2026-03-01T14:00:00Z"), returnTo: "/dashboard" },
    });
  });

  it("reports a token past its expiration, or older than 4 hours when Plaid's expiration is unknown, as expired", () => {
    const storage = memoryStorage();
    rememberLinkSession(storage, { linkToken: "t", mode: { kind: "connect" }, expiration: "2026-03-01T10:30:00Z", returnTo: "/settings" }, T0);
    expect(recallLinkSession(storage, T0 + 29 * 60_000).state).toBe("ready");
    expect(recallLinkSession(storage, T0 + 30 * 60_000).state).toBe("expired");

    rememberLinkSession(storage, { linkToken: "t", mode: { kind: "connect" }, expiration: null, returnTo: "/settings" }, T0);
    expect(recallLinkSession(storage, T0 + LINK_TOKEN_LIFETIME_MS - 1).state).toBe("ready");
    expect(recallLinkSession(storage, T0 + LINK_TOKEN_LIFETIME_MS).state).toBe("expired");
  });

  it("treats nothing stored, garbage, or a wrong shape as missing, and forgets on request", () => {
    const storage = memoryStorage();
    expect(recallLinkSession(storage).state).toBe("missing");
    storage.setItem(LINK_SESSION_KEY, "{not json");
    expect(recallLinkSession(storage).state).toBe("missing");
    storage.setItem(LINK_SESSION_KEY, JSON.stringify({ linkToken: "t" }));
    expect(recallLinkSession(storage).state).toBe("missing");
    const stored = { linkToken: "t", mode: { kind: "connect" }, createdAt: Date.now(), expiresAt: null, returnTo: "/settings" };
    for (const wrong of [{ mode: { kind: "remove" } }, { mode: { kind: "update", itemId: "i" } }, { createdAt: "0" }, { expiresAt: "soon" }, { linkToken: "" }]) {
      storage.setItem(LINK_SESSION_KEY, JSON.stringify({ ...stored, ...wrong }));
      expect(recallLinkSession(storage).state).toBe("missing");
    }
    storage.setItem(LINK_SESSION_KEY, JSON.stringify(stored));
    expect(recallLinkSession(storage).state).toBe("ready");
    rememberLinkSession(storage, { linkToken: "t", mode: { kind: "connect" }, expiration: null, returnTo: "/settings" });
    forgetLinkSession(storage);
    expect(storage.values.size).toBe(0);
  });

  it("never stores a return path that leaves the site or loops back to /oauth-return", () => {
    expect(safeReturnPath("/dashboard")).toBe("/dashboard");
    expect(safeReturnPath("https://evil.example/")).toBe("/settings");
    expect(safeReturnPath("//evil.example/")).toBe("/settings");
    expect(safeReturnPath("/\\evil.example")).toBe("/settings");
    expect(safeReturnPath("/oauth-return?oauth_state_id=x")).toBe("/settings");
    const storage = memoryStorage();
    rememberLinkSession(storage, { linkToken: "t", mode: { kind: "connect" }, expiration: null, returnTo: "//evil.example" });
    const recalled = recallLinkSession(storage);
    expect(recalled.state === "ready" && recalled.session.returnTo).toBe("/settings");
  });
});
