import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { authorizeCredentials, SIGN_IN_LIMITS } from "./authorize";
import { signUp } from "./sign-up";

describe("email + password accounts", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  const countUsers = async (email: string) =>
    (await handle.db.select({ id: users.id }).from(users).where(eq(users.email, email))).length;

  it("sign-up creates exactly one user whose password is stored only as an argon2id hash", async () => {
    const result = await signUp(handle.db, { email: "  Ada@Example.com ", password: "analytical engine 1843" });
    expect(result).toMatchObject({ ok: true, user: { email: "ada@example.com" } });
    const rows = await handle.db.select().from(users).where(eq(users.email, "ada@example.com"));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(rows[0]?.passwordHash).not.toContain("analytical engine");
  });

  it("refuses a second account for the same email, in any letter case, and writes nothing", async () => {
    await signUp(handle.db, { email: "grace@example.com", password: "cobol compiler 1959" });
    const again = await signUp(handle.db, { email: "GRACE@example.com", password: "another passphrase" });
    expect(again).toEqual({ ok: false, field: "email", message: expect.stringMatching(/already exists/) });
    expect(await countUsers("grace@example.com")).toBe(1);
  });

  it("concurrent sign-ups with one email create one account", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => signUp(handle.db, { email: "race@example.com", password: "simultaneous signups" })),
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
    const result = await signUp(handle.db, input);
    expect(result).toEqual({ ok: false, field, message: expect.stringMatching(message) });
    expect(await countUsers("weak@example.com")).toBe(0);
  });

  it("signs in with the right password and refuses a wrong one or an unknown email alike", async () => {
    await signUp(handle.db, { email: "lin@example.com", password: "right passphrase here" });
    const ok = await authorizeCredentials(handle.db, { email: "lin@example.com", password: "right passphrase here" }, "10.0.0.1");
    expect(ok).toMatchObject({ ok: true, user: { email: "lin@example.com" } });
    const wrong = await authorizeCredentials(handle.db, { email: "lin@example.com", password: "wrong" }, "10.0.0.1");
    const unknown = await authorizeCredentials(handle.db, { email: "nobody@example.com", password: "x" }, "10.0.0.1");
    expect(wrong).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(unknown).toEqual(wrong);
  });

  it("rate-limits sign-in per email, even with the right password", async () => {
    await signUp(handle.db, { email: "brute@example.com", password: "the real passphrase" });
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perEmail.limit; attempt++) {
      await authorizeCredentials(handle.db, { email: "brute@example.com", password: `guess ${attempt}` }, `10.1.0.${attempt}`);
    }
    const blocked = await authorizeCredentials(handle.db, { email: "brute@example.com", password: "the real passphrase" }, "10.2.0.1");
    expect(blocked).toEqual({ ok: false, reason: "rate_limited" });
  });

  it("rate-limits sign-in per IP across many emails", async () => {
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.perIp.limit; attempt++) {
      await authorizeCredentials(handle.db, { email: `spray${attempt}@example.com`, password: "x" }, "203.0.113.9");
    }
    const blocked = await authorizeCredentials(handle.db, { email: "fresh@example.com", password: "x" }, "203.0.113.9");
    expect(blocked).toEqual({ ok: false, reason: "rate_limited" });
  });
});
