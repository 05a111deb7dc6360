import { describe, expect, it } from "vitest";
import type { WebhookVerificationKey } from "./verify-webhook";
import { createWebhookKeyCache } from "./webhook-keys";

const key = (kid: string, expired_at: number | null = null): WebhookVerificationKey => ({
  alg: "ES256",
  crv: "P-256",
  kid,
  kty: "EC",
  use: "sig",
  x: "x",
  y: "y",
  created_at: 1,
  expired_at,
});

function fakePlaid(initial: Record<string, WebhookVerificationKey>) {
  const keys = new Map(Object.entries(initial));
  const calls: string[] = [];
  return {
    keys,
    calls,
    fetchKey: async (kid: string) => {
      calls.push(kid);
      return keys.get(kid) ?? null;
    },
  };
}

describe("createWebhookKeyCache", () => {
  it("fetches a kid once and serves it from the cache afterwards", async () => {
    const plaid = fakePlaid({ a: key("a") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey });
    await Promise.all([getKey("a"), getKey("a"), getKey("a")]);
    await getKey("a");
    expect(plaid.calls).toEqual(["a"]);
  });

  it("fetches on a kid miss, so a rotated-in key is found at once", async () => {
    const plaid = fakePlaid({ a: key("a") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey });
    await getKey("a");
    plaid.keys.set("b", key("b"));
    expect(await getKey("b")).toMatchObject({ kid: "b" });
    expect(plaid.calls).toEqual(["a", "b"]);
  });

  it("re-reads a cached key after the TTL and so learns it expired", async () => {
    let now = 0;
    const plaid = fakePlaid({ a: key("a") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now, ttlMs: 1000 });
    expect((await getKey("a"))?.expired_at).toBeNull();
    plaid.keys.set("a", key("a", 123));
    now = 999;
    expect((await getKey("a"))?.expired_at).toBeNull();
    now = 1000;
    expect((await getKey("a"))?.expired_at).toBe(123);
  });

  it("remembers unknown kids briefly so forged kids cannot make it call Plaid per request", async () => {
    let now = 0;
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now, negativeTtlMs: 500 });
    expect(await getKey("forged")).toBeNull();
    expect(await getKey("forged")).toBeNull();
    now = 500;
    await getKey("forged");
    expect(plaid.calls).toEqual(["forged", "forged"]);
  });

  it("does not cache a failed fetch", async () => {
    let fail = true;
    const getKey = createWebhookKeyCache({
      fetchKey: async (kid) => {
        if (fail) throw new Error("ECONNREFUSED");
        return key(kid);
      },
    });
    await expect(getKey("a")).rejects.toThrow("ECONNREFUSED");
    fail = false;
    expect(await getKey("a")).toMatchObject({ kid: "a" });
  });
});
