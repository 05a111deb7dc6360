import { randomBytes } from "node:crypto";
import { count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { rateLimits, users } from "@/db/schema";
import { clientAddress } from "@/server/client-address";
import { createTestDatabase } from "@/test/test-database";
import { authorizeCredentials, type AuthorizeContext, type AuthorizeResult } from "./authorize";
import { issueDeviceCookie } from "./device-cookie";
import { hashPassword } from "./password";
import { PASSWORD_BACKOFF, passwordBackoffKey, waitAfterFailures } from "./password-backoff";
import { SIGN_IN_THROTTLE } from "./sign-in-throttle";
import { verifyAccountPassword } from "./verify-account-password";

/** A clock that only moves when told to. */
function fakeClock(start = Date.parse("2030-06-01T00:00:00Z")) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A client hammering the form as fast as the network allows. */
const ATTACKER_ROUND_TRIP_MS = 20;
const SECRET = "a test AUTH_SECRET that is long enough!";

const spoofedForwardedFor = () =>
  new Headers({ "x-forwarded-for": `${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}` });

describe("sign-in throttling", { timeout: 180_000 }, () => {
  let handle: DatabaseHandle;
  let ownerId: string;
  const password = "the real passphrase";
  beforeAll(async () => {
    handle = await createTestDatabase();
    const [owner] = await handle.db
      .insert(users)
      .values({ email: "owner@example.com", passwordHash: await hashPassword(password) })
      .returning({ id: users.id });
    ownerId = owner?.id ?? "";
  });
  afterAll(() => handle.close());
  beforeEach(async () => {
    await handle.db.delete(rateLimits);
  });

  const rateLimitRows = async (pattern = "%") =>
    (await handle.db.select({ n: count() }).from(rateLimits).where(like(rateLimits.key, pattern)))[0]?.n ?? 0;
  const signIn = (email: string, guess: string, context: AuthorizeContext) => authorizeCredentials(handle.db, { email, password: guess }, context);
  const tally = (results: AuthorizeResult[]) => ({
    checked: results.filter((result) => result.ok || result.reason === "invalid_credentials").length,
    refused: results.filter((result) => !result.ok && result.reason !== "invalid_credentials").length,
  });

  /** The most password checks one origin allows in `ms`: the free failures, then one per elapsed wait. */
  function maxChecksIn(ms: number): number {
    let checks = 0;
    for (let spent = 0; spent <= ms; checks++) spent += waitAfterFailures(checks);
    return checks;
  }

  it("500 attempts at 10 emails with a fresh X-Forwarded-For each (no trusted proxy): refused per email, and no row per address", async () => {
    const clock = fakeClock();
    const start = clock.now().getTime();
    const emails = Array.from({ length: 10 }, (_, index) => `target${index}@example.com`);
    const results: AuthorizeResult[] = [];
    for (let attempt = 0; attempt < 500; attempt++) {
      const address = clientAddress(spoofedForwardedFor(), 0);
      expect(address).toBeNull();
      const result = await signIn(emails[attempt % emails.length] ?? "", `guess ${attempt}`, { address, now: clock.now() });
      if (result.ok) throw new Error("a guess succeeded");
      results.push(result);
      clock.advance(ATTACKER_ROUND_TRIP_MS);
    }
    const elapsedMs = clock.now().getTime() - start;
    expect(tally(results).checked).toBeLessThanOrEqual(emails.length * maxChecksIn(elapsedMs));
    expect(tally(results).refused).toBeGreaterThan(400);

    // Bounded table: per email bucket a backoff row and a failure counter, plus the global one.
    expect(await rateLimitRows("sign-in:address:%")).toBe(0);
    expect(await rateLimitRows()).toBe(2 * emails.length + 1);
  });

  it("past the global failure ceiling, attempts from unknown devices are refused with a wait, not slowed; a device that signed in before still gets in", async () => {
    const clock = fakeClock();
    const { limit, windowMs } = SIGN_IN_THROTTLE.globalFailures;
    const results: AuthorizeResult[] = [];
    for (let attempt = 0; attempt < 500; attempt++) {
      results.push(await signIn(`spray-${attempt}@example.com`, "guess", { address: clientAddress(spoofedForwardedFor(), 0), now: clock.now() }));
      clock.advance(ATTACKER_ROUND_TRIP_MS);
    }
    // 500 × 20 ms fits in one window: exactly the ceiling's worth of passwords were checked.
    expect(results.filter((result) => !result.ok && result.reason === "invalid_credentials")).toHaveLength(limit);
    const busy = results.filter((result) => !result.ok && result.reason === "busy");
    expect(busy).toHaveLength(500 - limit);
    for (const refusal of busy) expect(refusal).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(busy[0]).toMatchObject({ retryAfterSeconds: Math.ceil((windowMs - limit * ATTACKER_ROUND_TRIP_MS) / 1000) });

    // The owner on a browser that signed in before is not held up by the flood...
    const cookie = issueDeviceCookie(SECRET, "owner@example.com");
    expect(await signIn("owner@example.com", password, { address: null, device: { cookie, secret: SECRET }, now: clock.now() })).toMatchObject({ ok: true });
    // ...a new browser waits for the window to end, then gets in.
    expect(await signIn("owner@example.com", password, { address: null, now: clock.now() })).toMatchObject({ ok: false, reason: "busy" });
    clock.advance(windowMs);
    expect(await signIn("owner@example.com", password, { address: null, now: clock.now() })).toMatchObject({ ok: true });

    // No email is stored, and every key is one of a bounded number of buckets.
    const keys = (await handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key);
    for (const key of keys) expect(key).toMatch(/^(sign-in:failures|password:[0-9a-f]{4}|sign-in:email:[0-9a-f]{4})$/);
    expect(PASSWORD_BACKOFF.buckets).toBe(0x10000);
    expect(keys.join(" ")).not.toContain("example.com");
  });

  it("gives each origin a few free failures, then refuses attempts inside a doubling wait (up to a minute) without checking the password", async () => {
    const clock = fakeClock();
    const tryPassword = (guess: string) => signIn("owner@example.com", guess, { address: null, now: clock.now() });

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

    // After the cap, the right password works...
    clock.advance(PASSWORD_BACKOFF.maxWaitMs);
    expect(await tryPassword(password)).toMatchObject({ ok: true });
    // ...and a success forgives the failures.
    expect(await rateLimitRows(passwordBackoffKey("owner@example.com"))).toBe(0);
    expect(await tryPassword("wrong")).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("counts at admission: 10 concurrent guesses at a fresh email check at most the free failures", async () => {
    const clock = fakeClock();
    const results = await Promise.all(Array.from({ length: 10 }, () => signIn("fresh@example.com", "wrong", { address: null, now: clock.now() })));
    expect(tally(results)).toEqual({ checked: PASSWORD_BACKOFF.freeFailures, refused: 10 - PASSWORD_BACKOFF.freeFailures });
  });

  it("lets parallel attempts past the free failures through one per wait, not one each", async () => {
    const clock = fakeClock();
    const tryWrong = () => signIn("parallel@example.com", "wrong", { address: null, now: clock.now() });
    for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) await tryWrong();
    clock.advance(waitAfterFailures(PASSWORD_BACKOFF.freeFailures));

    const results = await Promise.all(Array.from({ length: 10 }, tryWrong));
    expect(tally(results)).toEqual({ checked: 1, refused: 9 });
  });

  it("500 concurrent attempts from one trusted address at many emails check at most the address's 50", async () => {
    const clock = fakeClock();
    const { limit } = SIGN_IN_THROTTLE.perAddressFailures;
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, attempt) => signIn(`crowd-${attempt}@example.com`, "guess", { address: "203.0.113.77", now: clock.now() })),
    );
    expect(tally(results).checked).toBeLessThanOrEqual(limit);
    expect(tally(results).refused).toBeGreaterThanOrEqual(500 - limit);
  });

  it("forgets an origin's failures after an hour without attempts", async () => {
    const clock = fakeClock();
    const tryWrong = () => signIn("idle@example.com", "wrong", { address: null, now: clock.now() });
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
      expect(await signIn(`victim${attempt}@example.com`, "guess", { address: viaProxy("203.0.113.7"), now: clock.now() })).toEqual({
        ok: false,
        reason: "invalid_credentials",
      });
    }
    expect(await signIn("owner@example.com", password, { address: viaProxy("203.0.113.7"), now: clock.now() })).toMatchObject({ ok: false, reason: "rate_limited" });
    // Another address, even the same account: unaffected.
    expect(await signIn("owner@example.com", password, { address: viaProxy("198.51.100.8"), now: clock.now() })).toMatchObject({ ok: true });
    expect(await rateLimitRows("sign-in:address:%")).toBe(2);
    clock.advance(windowMs);
    expect(await signIn("owner@example.com", password, { address: viaProxy("203.0.113.7"), now: clock.now() })).toMatchObject({ ok: true });
  });

  describe("an attacker retrying the owner's email the moment each wait ends", () => {
    /** Two hours of the attack that used to keep the owner out: every try lands when the wait ends. */
    async function attackerLoop(clock: ReturnType<typeof fakeClock>, address: string | null) {
      for (let round = 0; round < 150; round++) {
        const result = await signIn("owner@example.com", `guess ${round}`, { address, now: clock.now() });
        if (result.ok) throw new Error("a guess succeeded");
        if (result.reason !== "invalid_credentials") clock.advance(result.retryAfterSeconds * 1000);
        else clock.advance(ATTACKER_ROUND_TRIP_MS);
      }
      // The attacker keeps their origin inside a wait: the attempt after a checked one is refused.
      const oneMore = () => signIn("owner@example.com", "one more", { address, now: clock.now() });
      let last = await oneMore();
      if (!last.ok && last.reason === "invalid_credentials") last = await oneMore();
      expect(last).toMatchObject({ ok: false, reason: "rate_limited" });
    }

    it("does not stop the owner signing in from another address", async () => {
      const clock = fakeClock();
      await attackerLoop(clock, "203.0.113.66");
      expect(await signIn("owner@example.com", password, { address: "198.51.100.23", now: clock.now() })).toMatchObject({ ok: true });
    });

    it("does not stop the owner signing in with their device cookie, even from the attacker's address or with no trusted address", async () => {
      const clock = fakeClock();
      const device = { cookie: issueDeviceCookie(SECRET, "owner@example.com"), secret: SECRET };
      await attackerLoop(clock, null);
      expect(await signIn("owner@example.com", password, { address: null, device, now: clock.now() })).toMatchObject({ ok: true });
      await attackerLoop(clock, "203.0.113.66");
      expect(await signIn("owner@example.com", password, { address: "203.0.113.66", device, now: clock.now() })).toMatchObject({ ok: true });
      // A cookie for another email, or a forged one, counts as no cookie.
      const otherEmail = { cookie: issueDeviceCookie(SECRET, "attacker@example.com"), secret: SECRET };
      const forged = { cookie: issueDeviceCookie("another secret that is long enough!!", "owner@example.com"), secret: SECRET };
      for (const bad of [otherEmail, forged]) {
        expect(await signIn("owner@example.com", password, { address: "203.0.113.66", device: bad, now: clock.now() })).toMatchObject({
          ok: false,
          reason: "rate_limited",
        });
      }
    });

    it("does not block re-entering the password inside the owner's session (change password, delete account)", async () => {
      const clock = fakeClock();
      await attackerLoop(clock, null);
      expect(await verifyAccountPassword(handle.db, ownerId, password, clock.now())).toMatchObject({ ok: true });
      // Re-authentication has its own backoff per user id, as strict as sign-in's.
      for (let failure = 0; failure < PASSWORD_BACKOFF.freeFailures; failure++) {
        expect(await verifyAccountPassword(handle.db, ownerId, "wrong", clock.now())).toEqual({ ok: false, reason: "wrong_password" });
      }
      expect(await verifyAccountPassword(handle.db, ownerId, password, clock.now())).toMatchObject({ ok: false, reason: "rate_limited" });
      expect(await rateLimitRows(`reauth:${ownerId}`)).toBe(1);
    });
  });

  it("signs nobody in to an account that is being deleted", async () => {
    await handle.db.update(users).set({ deletingAt: new Date() }).where(eq(users.id, ownerId));
    try {
      expect(await signIn("owner@example.com", password, { address: null })).toEqual({ ok: false, reason: "invalid_credentials" });
    } finally {
      await handle.db.update(users).set({ deletingAt: null }).where(eq(users.id, ownerId));
    }
  });
});
