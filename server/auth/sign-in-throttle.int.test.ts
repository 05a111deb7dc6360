import { randomBytes } from "node:crypto";
import { count, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { rateLimits, users } from "@/db/schema";
import { clientAddress } from "@/server/client-address";
import { createTestDatabase } from "@/test/test-database";
import { authorizeCredentials } from "./authorize";
import { hashPassword } from "./password";
import { PASSWORD_BACKOFF, passwordBackoffKey, waitAfterFailures } from "./password-backoff";
import { globalFailureDelayMs, SIGN_IN_THROTTLE, type ThrottleClock } from "./sign-in-throttle";

/** A clock that only moves when told to, or when the throttle sleeps (instantly, for the test). */
function fakeClock(start = Date.parse("2030-06-01T00:00:00Z")): ThrottleClock & { advance(ms: number): void; slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    now: () => new Date(now),
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    slept,
  };
}

/** A client hammering the form as fast as the network allows. */
const ATTACKER_ROUND_TRIP_MS = 20;

const spoofedForwardedFor = () =>
  new Headers({ "x-forwarded-for": `${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });

describe("sign-in throttling", { timeout: 120_000 }, () => {
  let handle: DatabaseHandle;
  const password = "the real passphrase";
  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.insert(users).values({ email: "owner@example.com", passwordHash: await hashPassword(password) });
  });
  afterAll(() => handle.close());
  beforeEach(async () => {
    await handle.db.delete(rateLimits);
  });

  const rateLimitRows = async (pattern = "%") =>
    (await handle.db.select({ n: count() }).from(rateLimits).where(like(rateLimits.key, pattern)))[0]?.n ?? 0;

  /** The most password checks one email allows in `ms`: the free failures, then one per elapsed wait. */
  function maxChecksIn(ms: number): number {
    let checks = 0;
    for (let spent = 0; spent <= ms; checks++) spent += waitAfterFailures(checks);
    return checks;
  }

  it("500 attempts at 10 emails with a fresh X-Forwarded-For each (no trusted proxy): refused per email, and no row per address", async () => {
    const clock = fakeClock();
    const start = clock.now().getTime();
    const emails = Array.from({ length: 10 }, (_, index) => `target${index}@example.com`);
    const outcomes = { invalid_credentials: 0, rate_limited: 0 };
    for (let attempt = 0; attempt < 500; attempt++) {
      const address = clientAddress(spoofedForwardedFor(), 0);
      expect(address).toBeNull();
      const result = await authorizeCredentials(
        handle.db,
        { email: emails[attempt % emails.length], password: `guess ${attempt}` },
        { address, clock },
      );
      if (result.ok) throw new Error("a guess succeeded");
      outcomes[result.reason]++;
      clock.advance(ATTACKER_ROUND_TRIP_MS);
    }
    const elapsedMs = clock.now().getTime() - start;
    expect(outcomes.invalid_credentials).toBeLessThanOrEqual(emails.length * maxChecksIn(elapsedMs));
    expect(outcomes.rate_limited).toBeGreaterThan(400);

    // Bounded table: one row per email bucket plus the global counter; nothing keyed by an address.
    expect(await rateLimitRows("sign-in:address:%")).toBe(0);
    expect(await rateLimitRows()).toBe(emails.length + 1);
  });

  it("500 attempts at fresh emails with a fresh X-Forwarded-For each are slowed by the global failure budget, capped per attempt", async () => {
    const clock = fakeClock();
    const start = clock.now().getTime();
    for (let attempt = 0; attempt < 500; attempt++) {
      const result = await authorizeCredentials(
        handle.db,
        { email: `spray-${attempt}@example.com`, password: "guess" },
        { address: clientAddress(spoofedForwardedFor(), 0), clock },
      );
      expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
      clock.advance(ATTACKER_ROUND_TRIP_MS);
    }
    const elapsedMinutes = (clock.now().getTime() - start) / 60_000;
    const { budget, delayPerExcessMs, maxDelayMs } = SIGN_IN_THROTTLE.globalFailures;
    // The first delay comes right after the budget, then grows by a step per failure, up to the cap.
    expect(clock.slept.slice(0, 3)).toEqual([delayPerExcessMs, 2 * delayPerExcessMs, 3 * delayPerExcessMs]);
    expect(Math.max(...clock.slept)).toBeLessThanOrEqual(maxDelayMs);
    // Parallel clients push the excess further, but no attempt ever waits longer than the cap.
    expect(globalFailureDelayMs(budget + 10_000)).toBe(maxDelayMs);
    // Only the budget's worth per minute goes undelayed; one client gets about a minute's worth
    // of budget plus what fits in the delays, instead of 500 guesses in seconds.
    expect(500 - clock.slept.length).toBeLessThanOrEqual(budget * Math.ceil(elapsedMinutes));
    expect(500 / elapsedMinutes).toBeLessThan(70);

    // No email is stored, and every key is one of a bounded number of buckets.
    const keys = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key);
    expect(keys.filter((key) => !key.startsWith("password:"))).toEqual(["sign-in:failures"]);
    for (const key of keys.filter((key) => key.startsWith("password:"))) expect(key).toMatch(/^password:[0-9a-f]{4}$/);
    expect(PASSWORD_BACKOFF.buckets).toBe(0x10000);
    expect(keys.join(" ")).not.toContain("example.com");

    // The owner of an untouched account still gets in, after at most the capped delay.
    const owner = await authorizeCredentials(handle.db, { email: "owner@example.com", password }, { address: null, clock });
    expect(owner).toMatchObject({ ok: true });
    expect(clock.slept.at(-1)).toBeLessThanOrEqual(maxDelayMs);
  });

  it("gives each email a few free failures, then refuses attempts inside a doubling wait (up to a minute) without checking the password", async () => {
    const clock = fakeClock();
    const tryPassword = (guess: string) => authorizeCredentials(handle.db, { email: "owner@example.com", password: guess }, { address: null, clock });

    for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) {
      expect(await tryPassword("wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    // Inside the wait even the right password is refused: it is not checked at all.
    expect(await tryPassword(password)).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 1 });

    const waits: number[] = [];
    for (let failure = 0; failure < 8; failure++) {
      const refused = await tryPassword("wrong");
      if (refused.ok || refused.reason !== "rate_limited") throw new Error("expected a refusal inside the wait");
      waits.push(refused.retryAfterSeconds);
      clock.advance(refused.retryAfterSeconds * 1000);
      expect(await tryPassword("wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);

    // Nobody can lock the owner out for longer than the cap: after it, the right password works...
    clock.advance(PASSWORD_BACKOFF.maxWaitMs);
    expect(await tryPassword(password)).toMatchObject({ ok: true });
    // ...and a success forgives the failures.
    expect(await rateLimitRows(passwordBackoffKey("owner@example.com"))).toBe(0);
    expect(await tryPassword("wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("lets parallel attempts past the free failures through one per wait, not one each", async () => {
    const clock = fakeClock();
    const tryWrong = () => authorizeCredentials(handle.db, { email: "parallel@example.com", password: "wrong" }, { address: null, clock });
    for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) await tryWrong();
    clock.advance(waitAfterFailures(PASSWORD_BACKOFF.freeFailures));

    const results = await Promise.all(Array.from({ length: 10 }, tryWrong));
    expect(results.filter((result) => !result.ok && result.reason === "invalid_credentials")).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === "rate_limited")).toHaveLength(9);
  });

  it("forgets an email's failures after an hour without attempts", async () => {
    const clock = fakeClock();
    const tryWrong = () => authorizeCredentials(handle.db, { email: "idle@example.com", password: "wrong" }, { address: null, clock });
    for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) await tryWrong();
    expect(await tryWrong()).toMatchObject({ reason: "rate_limited" });
    clock.advance(PASSWORD_BACKOFF.forgetAfterMs);
    for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) {
      expect(await tryWrong()).toEqual({ ok: false, reason: "invalid_credentials" });
    }
  });

  it("behind a trusted proxy, limits failures per real address across emails, whatever the client prepends", async () => {
    const clock = fakeClock();
    const viaProxy = (realAddress: string) => {
      const spoofed = spoofedForwardedFor().get("x-forwarded-for") ?? "";
      return clientAddress(new Headers({ "x-forwarded-for": `${spoofed}, ${realAddress}` }), 1);
    };
    const { limit, windowMs } = SIGN_IN_THROTTLE.perAddressFailures;
    for (let attempt = 0; attempt < limit; attempt++) {
      const result = await authorizeCredentials(handle.db, { email: `victim${attempt}@example.com`, password: "guess" }, { address: viaProxy("203.0.113.7"), clock });
      expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
    }
    const refused = await authorizeCredentials(handle.db, { email: "owner@example.com", password }, { address: viaProxy("203.0.113.7"), clock });
    expect(refused).toMatchObject({ ok: false, reason: "rate_limited" });
    // Another address, even the same account: unaffected.
    expect(await authorizeCredentials(handle.db, { email: "owner@example.com", password }, { address: viaProxy("198.51.100.8"), clock })).toMatchObject({ ok: true });
    expect(await rateLimitRows("sign-in:address:%")).toBe(1);
    clock.advance(windowMs);
    expect(await authorizeCredentials(handle.db, { email: "owner@example.com", password }, { address: viaProxy("203.0.113.7"), clock })).toMatchObject({ ok: true });
  });
});
