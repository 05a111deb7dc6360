import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WebhookKeyLookupThrottled, type WebhookVerificationKey } from "./verify-webhook";
import { createWebhookKeyCache, WEBHOOK_KEY_CACHE_DEFAULTS } from "./webhook-keys";

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

  it("never asks Plaid about a kid of implausible shape", async () => {
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey });
    for (const kid of ["", "a.b", "../keys", "kid with spaces", "k\u00e9y", "x".repeat(65)]) expect(await getKey(kid)).toBeNull();
    expect(plaid.calls).toEqual([]);
  });

  it("looks up UUID kids like Plaid's and the emulator's", async () => {
    const kid = randomUUID();
    const plaid = fakePlaid({ [kid]: key(kid) });
    expect(await createWebhookKeyCache({ fetchKey: plaid.fetchKey })(kid)).toMatchObject({ kid });
  });

  it("fetches at most 10 unknown kids a minute by default and refuses the rest without calling Plaid", async () => {
    let now = 0;
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now });
    const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, () => getKey(randomUUID())));
    expect(WEBHOOK_KEY_CACHE_DEFAULTS.unknownKidFetchesPerMinute).toBe(10);
    expect(plaid.calls).toHaveLength(10);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === null)).toHaveLength(10);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused).toHaveLength(990);
    expect(refused.every((o) => o.status === "rejected" && o.reason instanceof WebhookKeyLookupThrottled)).toBe(true);

    now = 59_999;
    await expect(getKey(randomUUID())).rejects.toBeInstanceOf(WebhookKeyLookupThrottled);
    now = 60_000;
    expect(await getKey(randomUUID())).toBeNull();
    expect(plaid.calls).toHaveLength(11);
  });

  it("takes its budget from the options", async () => {
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, unknownKidFetchesPerMinute: 3 });
    await Promise.allSettled(Array.from({ length: 50 }, () => getKey(randomUUID())));
    expect(plaid.calls).toHaveLength(3);
  });

  it("spends one fetch and one unit of budget on concurrent lookups of one unknown kid", async () => {
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, unknownKidFetchesPerMinute: 2 });
    await Promise.all(Array.from({ length: 50 }, () => getKey("forged")));
    expect(await getKey("another")).toBeNull();
    expect(plaid.calls).toEqual(["forged", "another"]);
  });

  it("keeps the real key through a flood of unknown kids, however large the budget", async () => {
    const plaid = fakePlaid({ good: key("good") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, unknownKidFetchesPerMinute: 100_000, maxNegativeEntries: 100 });
    await getKey("good");
    for (let i = 0; i < 2000; i++) await getKey(`forged-${i}`);
    expect(await getKey("good")).toMatchObject({ kid: "good" });
    expect(plaid.calls.filter((kid) => kid === "good")).toHaveLength(1);
  });

  it("remembers a bounded number of unknown kids, forgetting the least recently seen first", async () => {
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, maxNegativeEntries: 2 });
    await getKey("a");
    await getKey("b");
    await getKey("a");
    await getKey("c");
    await getKey("a");
    await getKey("b");
    expect(plaid.calls).toEqual(["a", "b", "c", "b"]);
  });

  it("fetches a kid that first came over budget once the minute has passed, so a rotated-in key is not lost", async () => {
    let now = 0;
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now, unknownKidFetchesPerMinute: 1 });
    await getKey("forged");
    plaid.keys.set("rotated", key("rotated"));
    await expect(getKey("rotated")).rejects.toBeInstanceOf(WebhookKeyLookupThrottled);
    now = 60_000;
    expect(await getKey("rotated")).toMatchObject({ kid: "rotated" });
  });

  it("serves the last good key when a refresh fails, and retries the refresh later", async () => {
    let now = 0;
    let down = false;
    const failures: string[] = [];
    const plaid = fakePlaid({ a: key("a") });
    const getKey = createWebhookKeyCache({
      fetchKey: async (kid) => {
        if (down) {
          plaid.calls.push(`${kid} (failed)`);
          throw new Error("ECONNREFUSED");
        }
        return plaid.fetchKey(kid);
      },
      now: () => now,
      ttlMs: 1000,
      refreshRetryMs: 100,
      onRefreshFailed: (kid) => failures.push(kid),
    });
    await getKey("a");
    down = true;
    now = 1000;
    expect(await getKey("a")).toMatchObject({ kid: "a", expired_at: null });
    now = 1099;
    expect(await getKey("a")).toMatchObject({ kid: "a" });
    expect(failures).toEqual(["a"]);
    down = false;
    plaid.keys.set("a", key("a", 123));
    now = 1100;
    expect((await getKey("a"))?.expired_at).toBe(123);
    expect(plaid.calls).toEqual(["a", "a (failed)", "a"]);
  });

  it("keeps an expired_at it already learned when a later refresh fails", async () => {
    let now = 0;
    let down = false;
    const getKey = createWebhookKeyCache({
      fetchKey: async (kid) => {
        if (down) throw new Error("ECONNREFUSED");
        return key(kid, 123);
      },
      now: () => now,
      ttlMs: 1000,
    });
    expect((await getKey("a"))?.expired_at).toBe(123);
    down = true;
    now = 5000;
    expect((await getKey("a"))?.expired_at).toBe(123);
  });

  it("refreshes a known key even when unknown kids spent the budget, so an expiry is still learned", async () => {
    let now = 0;
    const plaid = fakePlaid({ good: key("good") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now, ttlMs: 1000, unknownKidFetchesPerMinute: 2 });
    await getKey("good");
    await Promise.allSettled(Array.from({ length: 20 }, () => getKey(randomUUID())));
    plaid.keys.set("good", key("good", 123));
    now = 1000;
    expect((await getKey("good"))?.expired_at).toBe(123);
  });

  it("forgets a known key once Plaid no longer knows its kid", async () => {
    let now = 0;
    const plaid = fakePlaid({ a: key("a") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now, ttlMs: 1000 });
    await getKey("a");
    plaid.keys.delete("a");
    now = 1000;
    expect(await getKey("a")).toBeNull();
    expect(await getKey("a")).toBeNull();
    expect(plaid.calls).toEqual(["a", "a"]);
  });

  it("does not treat a key filed under another kid as the one asked for", async () => {
    const getKey = createWebhookKeyCache({ fetchKey: async () => key("someone-else") });
    expect(await getKey("a")).toBeNull();
  });
});
