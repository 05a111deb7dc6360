import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { authorizeCredentials } from "./authorize";
import { SIGN_UP_LIMITS, signUp } from "./sign-up";

describe("email + password accounts", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  const noAddress = { address: null };
  const countUsers = async (email: string) =>
    (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email))).length;

  it("sign-up creates exactly one user whose password is stored only as an argon2id hash", async () => {
    const result = await signUp(handle.db, { email: "  Ada@Example.com ", password: "analytical engine 1843" }, noAddress);
    expect(result).toMatchObject({ ok: true, user: { email: "ada@example.com" } });
    const rows = await handle.db.select().from(users).where(eq(users.email, "ada@example.com"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.passwordHash).not.toContain("analytical engine");
  });

  it("refuses a second account for the same email, in any letter case, and writes nothing", async () => {
    await signUp(handle.db, { email: "grace@example.com", password: "cobol compiler 1959" }, noAddress);
    const again = await signUp(handle.db, { email: "GRACE@example.com", password: "another passphrase" }, noAddress);
    expect(again).toEqual({ ok: false, field: "email", message: expect.stringMatching(/already exists/) });
    expect(await countUsers("grace@example.com")).toBe(1);
  });

  it("concurrent sign-ups with one email create one account", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => signUp(handle.db, { email: "race@example.com", password: "simultaneous signups" }, noAddress)),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await countUsers("race@example.com")).toBe(1);
  });

  it.each([
    [{ email: "not-an-email", password: "long enough passphrase" }, "email", /valid email/],
    [{ email: "weak@example.com", password: "short" }, "password", /at least 10/],
    [{ email: "weak@example.com", password: "aaaaaaaaaaaa" }, "password", /too easy/],
    [{ email: "weak@example.com", password: "password123" }, "password", /too common/],
  ])("rejects %o with a message on the %s field and stores nothing", async (input, field, message) => {
    const result = await signUp(handle.db, input, noAddress);
    expect(result).toEqual({ ok: false, field, message: expect.stringMatching(message) });
    expect(await countUsers("weak@example.com")).toBe(0);
  });

  it("signs in with the right password and refuses a wrong one or an unknown email alike", async () => {
    await signUp(handle.db, { email: "lin@example.com", password: "right passphrase here" }, noAddress);
    const ok = await authorizeCredentials(handle.db, { email: "lin@example.com", password: "right passphrase here" }, noAddress);
    expect(ok).toMatchObject({ ok: true, user: { email: "lin@example.com" } });
    const wrong = await authorizeCredentials(handle.db, { email: "lin@example.com", password: "wrong" }, noAddress);
    const unknown = await authorizeCredentials(handle.db, { email: "nobody@example.com", password: "x" }, noAddress);
    expect(wrong).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(unknown).toEqual(wrong);
  });

  describe("sign-up limits (each sign-up costs an argon2 hash)", () => {
    const password = "a long enough passphrase";

    it("refuses sign-ups past the global ceiling per minute, from any address, with the seconds to wait instead of holding them", async () => {
      const now = new Date("2030-01-01T00:00:00Z");
      const { limit, windowMs } = SIGN_UP_LIMITS.global;
      for (let index = 0; index < limit; index++) {
        const result = await signUp(handle.db, { email: `wave${index}@example.com`, password }, { address: null, now });
        expect(result.ok).toBe(true);
      }
      const refused = await signUp(handle.db, { email: "late@example.com", password }, { address: null, now: new Date(now.getTime() + 15_000) });
      expect(refused).toEqual({ ok: false, field: "form", message: "Too many new accounts are being created right now. Try again in 45 s." });
      expect(await countUsers("late@example.com")).toBe(0);
      const nextWindow = await signUp(handle.db, { email: "late@example.com", password }, { address: null, now: new Date(now.getTime() + windowMs) });
      expect(nextWindow).toMatchObject({ ok: true });
    });

    it("counts at admission: 60 concurrent sign-ups from one address create at most its limit, and the global ceiling holds under concurrency too", async () => {
      const now = new Date("2032-01-01T00:00:00Z");
      const fromOne = await Promise.all(
        Array.from({ length: 60 }, (_, index) => signUp(handle.db, { email: `burst${index}@example.com`, password }, { address: "203.0.113.90", now })),
      );
      expect(fromOne.filter((result) => result.ok)).toHaveLength(SIGN_UP_LIMITS.perAddress.limit);

      const later = new Date("2033-01-01T00:00:00Z");
      const fromAnywhere = await Promise.all(
        Array.from({ length: 60 }, (_, index) => signUp(handle.db, { email: `flood${index}@example.com`, password }, { address: null, now: later })),
      );
      expect(fromAnywhere.filter((result) => result.ok)).toHaveLength(SIGN_UP_LIMITS.global.limit);
    });

    it("with a trusted address, also limits sign-ups per address per hour, leaving other addresses alone", async () => {
      const now = new Date("2034-01-01T00:00:00Z");
      const { limit } = SIGN_UP_LIMITS.perAddress;
      for (let index = 0; index < limit; index++) {
        await signUp(handle.db, { email: `farm${index}@example.com`, password }, { address: "203.0.113.50", now });
      }
      const refused = await signUp(handle.db, { email: "farm-extra@example.com", password }, { address: "203.0.113.50", now });
      expect(refused).toMatchObject({ ok: false, field: "form", message: expect.stringMatching(/Try again in 3600 s/) });
      const neighbour = await signUp(handle.db, { email: "neighbour@example.com", password }, { address: "203.0.113.51", now });
      expect(neighbour).toMatchObject({ ok: true });
    });
  });
});
