import { describe, expect, it } from "vitest";
import { LINK_RESUME_WINDOW_MS, LINK_SESSION_KEY, forgetLinkSession, recallLinkSession, rememberLinkSession, safeReturnPath } from "./link-resume";

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
const ALICE = "user-alice";
const BOB = "user-bob";
const CONNECT = { kind: "connect" } as const;

describe("the Link session kept across an OAuth bank's redirect", () => {
  it("gives back the same token, mode and return path to the user who started it", () => {
    const storage = memoryStorage();
    const mode = { kind: "update", itemId: "item-1", institutionName: "Platypus OAuth Bank", addAccounts: false } as const;
    rememberLinkSession(storage, { linkToken: "link-sandbox-1", mode, userId: ALICE, expiration: "2026-03-01T14:00:00Z", returnTo: "/dashboard" }, T0);
    expect(recallLinkSession(storage, ALICE, T0 + 60_000)).toEqual({
      state: "ready",
      session: { linkToken: "link-sandbox-1", mode, userId: ALICE, createdAt: T0, expiresAt: Date.parse("2026-03-01T14:00:00Z"), returnTo: "/dashboard" },
    });
  });

  it("never resumes another user's session on a shared browser: it is discarded at once", () => {
    const storage = memoryStorage();
    rememberLinkSession(storage, { linkToken: "alice-token", mode: CONNECT, userId: ALICE, expiration: null, returnTo: "/settings" }, T0);
    expect(recallLinkSession(storage, BOB, T0 + 60_000)).toEqual({ state: "other-user" });
    expect(storage.values.size).toBe(0);
    // Alice coming back later finds nothing either: Bob's visit threw it away.
    expect(recallLinkSession(storage, ALICE, T0 + 120_000).state).toBe("missing");
    // A stored session without a user id (an older version's) is not trusted.
    storage.setItem(LINK_SESSION_KEY, JSON.stringify({ linkToken: "t", mode: CONNECT, createdAt: T0, expiresAt: null, returnTo: "/settings" }));
    expect(recallLinkSession(storage, ALICE, T0).state).toBe("missing");
  });

  it("expires after 30 minutes, or at Plaid's expiration if that comes first", () => {
    const storage = memoryStorage();
    rememberLinkSession(storage, { linkToken: "t", mode: CONNECT, userId: ALICE, expiration: "2026-03-01T10:10:00Z", returnTo: "/settings" }, T0);
    expect(recallLinkSession(storage, ALICE, T0 + 9 * 60_000).state).toBe("ready");
    expect(recallLinkSession(storage, ALICE, T0 + 10 * 60_000).state).toBe("expired");

    rememberLinkSession(storage, { linkToken: "t", mode: CONNECT, userId: ALICE, expiration: "2026-03-01T14:00:00Z", returnTo: "/settings" }, T0);
    expect(recallLinkSession(storage, ALICE, T0 + LINK_RESUME_WINDOW_MS - 1).state).toBe("ready");
    expect(recallLinkSession(storage, ALICE, T0 + LINK_RESUME_WINDOW_MS).state).toBe("expired");
    expect(LINK_RESUME_WINDOW_MS).toBe(30 * 60_000);
  });

  it("treats nothing stored, garbage, or a wrong shape as missing, and forgets on request", () => {
    const storage = memoryStorage();
    expect(recallLinkSession(storage, ALICE).state).toBe("missing");
    storage.setItem(LINK_SESSION_KEY, "{not json");
    expect(recallLinkSession(storage, ALICE).state).toBe("missing");
    storage.setItem(LINK_SESSION_KEY, JSON.stringify({ linkToken: "t" }));
    expect(recallLinkSession(storage, ALICE).state).toBe("missing");
    const stored = { linkToken: "t", mode: CONNECT, userId: ALICE, createdAt: Date.now(), expiresAt: null, returnTo: "/settings" };
    for (const wrong of [{ mode: { kind: "remove" } }, { mode: { kind: "update", itemId: "i" } }, { createdAt: "0" }, { expiresAt: "soon" }, { linkToken: "" }, { userId: "" }, { userId: 7 }]) {
      storage.setItem(LINK_SESSION_KEY, JSON.stringify({ ...stored, ...wrong }));
      expect(recallLinkSession(storage, ALICE).state).toBe("missing");
    }
    storage.setItem(LINK_SESSION_KEY, JSON.stringify(stored));
    expect(recallLinkSession(storage, ALICE).state).toBe("ready");
    forgetLinkSession(storage);
    expect(storage.values.size).toBe(0);
  });

  it("never stores a return path that leaves the site or loops back to /oauth-return", () => {
    expect(safeReturnPath("/dashboard")).toBe("/dashboard");
    for (const evil of ["https://evil.example/", "//evil.example/", "/\\evil.example", "/\t/evil.example", "/%09/evil.example", "/%5Cevil.example", "/oauth-return?oauth_state_id=x", "/oauth-return"]) {
      expect(safeReturnPath(evil)).toBe("/settings");
    }
    expect(safeReturnPath("/oauth-returns-page")).toBe("/oauth-returns-page");
    const storage = memoryStorage();
    rememberLinkSession(storage, { linkToken: "t", mode: CONNECT, userId: ALICE, expiration: null, returnTo: "/\t/evil.example" });
    const recalled = recallLinkSession(storage, ALICE);
    expect(recalled.state === "ready" && recalled.session.returnTo).toBe("/settings");
  });
});
