import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { WebhookKeyLookupThrottled, type WebhookVerificationKey } from "./verify-webhook";
import { createWebhookKeyCache, WEBHOOK_KEY_CACHE_DEFAULTS } from "./webhook-keys";
import type { StoredWebhookKey, WebhookKeyStore } from "./webhook-keys-store";

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

  it("fetches at most 5 unknown kids a minute per client address by default and refuses the rest without calling Plaid", async () => {
    let now = 0;
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, now: () => now });
    const from = { clientAddress: "203.0.113.7" };
    const outcomes = await Promise.allSettled(Array.from({ length: 1000 }, () => getKey(randomUUID(), from)));
    expect(WEBHOOK_KEY_CACHE_DEFAULTS.unknownKidFetchesPerAddressPerMinute).toBe(5);
    expect(plaid.calls).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === "fulfilled" && o.value === null)).toHaveLength(5);
    const refused = outcomes.filter((o) => o.status === "rejected");
    expect(refused).toHaveLength(995);
    expect(refused.every((o) => o.status === "rejected" && o.reason instanceof WebhookKeyLookupThrottled)).toBe(true);

    now = 59_999;
    await expect(getKey(randomUUID(), from)).rejects.toBeInstanceOf(WebhookKeyLookupThrottled);
    now = 60_000;
    expect(await getKey(randomUUID(), from)).toBeNull();
    expect(plaid.calls).toHaveLength(6);
  });

  it("keeps each client address's allowance apart: one address's forgeries do not stop another's first sighting of a real kid", async () => {
    const plaid = fakePlaid({ rotated: key("rotated") });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey });
    await Promise.allSettled(Array.from({ length: 1000 }, () => getKey(randomUUID(), { clientAddress: "203.0.113.7" })));
    await Promise.allSettled(Array.from({ length: 1000 }, () => getKey(randomUUID(), { clientAddress: null })));
    expect(await getKey("rotated", { clientAddress: "52.21.26.131" })).toMatchObject({ kid: "rotated" });
    expect(plaid.calls).toHaveLength(11);
  });

  it("caps unknown-kid fetches for the whole process at 60 a minute by default, however many addresses ask", async () => {
    const plaid = fakePlaid({});
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey });
    await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => getKey(randomUUID(), { clientAddress: `198.51.100.${i % 250}` })));
    expect(WEBHOOK_KEY_CACHE_DEFAULTS.unknownKidFetchesPerMinute).toBe(60);
    expect(plaid.calls).toHaveLength(60);
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
    const getKey = createWebhookKeyCache({
      fetchKey: plaid.fetchKey,
      unknownKidFetchesPerMinute: 100_000,
      unknownKidFetchesPerAddressPerMinute: 100_000,
      maxNegativeEntries: 100,
    });
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

/** An in-memory stand-in for the webhook_verification_keys table, counting reads. */
function fakeStore() {
  const rows = new Map<string, StoredWebhookKey>();
  const counter = { loads: 0 };
  const store: WebhookKeyStore = {
    loadAll: async () => {
      counter.loads += 1;
      return [...rows.values()];
    },
    save: async (stored) => {
      rows.set(stored.key.kid, stored);
    },
    forget: async (kid) => {
      rows.delete(kid);
    },
  };
  return { rows, counter, store };
}

describe("createWebhookKeyCache with a shared key store", () => {
  it("lets a new instance verify a key another instance learned without calling Plaid, even after forged kids spent every budget", async () => {
    const plaid = fakePlaid({ real: key("real") });
    const table = fakeStore();
    const first = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: table.store });
    await first("real");
    expect(table.rows.has("real")).toBe(true);

    const second = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: table.store });
    await Promise.allSettled(Array.from({ length: 1000 }, () => second(randomUUID())));
    const callsAfterFlood = plaid.calls.length;
    expect(await second("real")).toMatchObject({ kid: "real" });
    expect(plaid.calls.length).toBe(callsAfterFlood);
    expect(plaid.calls.filter((kid) => kid === "real")).toHaveLength(1);
  });

  it("re-reads the store at most once a second however many forged kids arrive", async () => {
    let now = 0;
    const table = fakeStore();
    const getKey = createWebhookKeyCache({ fetchKey: fakePlaid({}).fetchKey, store: table.store, now: () => now });
    await Promise.allSettled(Array.from({ length: 500 }, () => getKey(randomUUID())));
    expect(table.counter.loads).toBe(1);
    now = 999;
    await Promise.allSettled(Array.from({ length: 500 }, () => getKey(randomUUID())));
    expect(table.counter.loads).toBe(1);
    now = 1_000;
    await Promise.allSettled(Array.from({ length: 500 }, () => getKey(randomUUID())));
    expect(table.counter.loads).toBe(2);
  });

  it("finds a key another instance stored after this one started, on the next miss", async () => {
    let now = 0;
    const plaid = fakePlaid({ rotated: key("rotated") });
    const table = fakeStore();
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: table.store, now: () => now });
    expect(await getKey("forged")).toBeNull();
    table.rows.set("rotated", { key: key("rotated"), fetchedAt: 0 });
    now = 1_000;
    expect(await getKey("rotated")).toMatchObject({ kid: "rotated" });
    expect(plaid.calls).toEqual(["forged"]);
  });

  it("refreshes a stored key past its TTL without spending budget, and stores what it learned", async () => {
    let now = 10_000;
    const plaid = fakePlaid({ a: key("a", 123) });
    const table = fakeStore();
    table.rows.set("a", { key: key("a"), fetchedAt: 0 });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: table.store, now: () => now, ttlMs: 1_000, unknownKidFetchesPerMinute: 1 });
    await getKey("spends-the-budget");
    expect((await getKey("a"))?.expired_at).toBe(123);
    expect(table.rows.get("a")).toEqual({ key: key("a", 123), fetchedAt: 10_000 });
    now = 10_500;
    expect((await getKey("a"))?.expired_at).toBe(123);
  });

  it("drops a stored key once Plaid no longer knows its kid, so a reload does not bring it back", async () => {
    const now = 10_000;
    const plaid = fakePlaid({});
    const table = fakeStore();
    table.rows.set("gone", { key: key("gone"), fetchedAt: 0 });
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: table.store, now: () => now, ttlMs: 1_000 });
    expect(await getKey("gone")).toBeNull();
    expect(table.rows.has("gone")).toBe(false);
  });

  it("keeps verifying from memory and Plaid when the store fails, and says so", async () => {
    const plaid = fakePlaid({ a: key("a") });
    const failures: string[] = [];
    const broken: WebhookKeyStore = {
      loadAll: () => Promise.reject(new Error("connection refused")),
      save: () => Promise.reject(new Error("connection refused")),
      forget: () => Promise.reject(new Error("connection refused")),
    };
    const getKey = createWebhookKeyCache({ fetchKey: plaid.fetchKey, store: broken, onStoreFailed: (operation) => failures.push(operation) });
    expect(await getKey("a")).toMatchObject({ kid: "a" });
    expect(await getKey("a")).toMatchObject({ kid: "a" });
    expect(failures).toEqual(["load", "save"]);
  });
});
