import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { createTestDatabase } from "@/test/test-database";
import { authorizeCredentials } from "./authorize";
import { PASSWORD_BACKOFF } from "./password-backoff";
import { checkSessionToken, SESSION_VERSION_CACHE_MS } from "./session-version";
import { signUp } from "./sign-up";

const OLD_PASSWORD = "my first passphrase";
const NEW_PASSWORD = "a better passphrase";

describe("account.changePassword and the session version", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  async function newUser(email: string) {
    const result = await signUp(handle.db, { email, password: OLD_PASSWORD }, { address: null });
    if (!result.ok) throw new Error(result.message);
    const api = createCaller({
      db: handle.db,
      session: { user: result.user, expires: new Date(Date.now() + 3_600_000).toISOString() },
      headers: new Headers(),
    });
    return { ...result.user, api };
  }

  const row = async (id: string) => {
    const [user] = await handle.db
      .select({ passwordHash: users.passwordHash, sessionVersion: users.sessionVersion })
      .from(users)
      .where(eq(users.id, id));
    return user;
  };
  const signIn = (email: string, password: string) => authorizeCredentials(handle.db, { email, password }, { address: null });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => {
        throw new Error("expected the call to fail");
      },
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  };

  it("refuses a wrong current password with a field message and changes nothing", async () => {
    const user = await newUser("wrong-current@example.com");
    const before = await row(user.id);

    const error = await failure(user.api.account.changePassword({ currentPassword: "not my password", newPassword: NEW_PASSWORD }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "Your current password is not right." });
    // The form reads field messages from `error.data.zodError` (server/api/trpc.ts's formatter).
    expect(error.cause).toBeInstanceOf(ZodError);
    expect(z.flattenError(error.cause as ZodError).fieldErrors).toEqual({ currentPassword: ["Your current password is not right."] });

    expect(await row(user.id)).toEqual(before);
    expect(await signIn(user.email, OLD_PASSWORD)).toMatchObject({ ok: true });
  });

  it("with the right current password: the old password stops working, the new one works, and the version goes up", async () => {
    const user = await newUser("right-current@example.com");
    await expect(user.api.account.changePassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD })).resolves.toEqual({ ok: true });

    expect(await signIn(user.email, OLD_PASSWORD)).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await signIn(user.email, NEW_PASSWORD)).toMatchObject({ ok: true, user: { sessionVersion: 1 } });
    expect((await row(user.id))?.sessionVersion).toBe(1);
  });

  it("ends every session minted before the change on its next read, and keeps one minted after it", async () => {
    const user = await newUser("sessions@example.com");
    const signedIn = await signIn(user.email, OLD_PASSWORD);
    if (!signedIn.ok) throw new Error("sign-in failed");
    // The token as the jwt callback builds it at sign-in.
    const before = await checkSessionToken(handle.db, { token: { email: user.email }, user: signedIn.user });
    expect(before).toMatchObject({ sub: user.id, sessionVersion: 0 });
    // Read once so this process caches version 0: the change must still end the session.
    expect(await checkSessionToken(handle.db, { token: before ?? {} })).toEqual(before);

    await user.api.account.changePassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD });

    expect(await checkSessionToken(handle.db, { token: before ?? {} })).toBeNull();
    // A token from before session versions existed counts as version 0: also ended.
    expect(await checkSessionToken(handle.db, { token: { sub: user.id } })).toBeNull();

    // What the settings page does next: sign in again with the new password.
    const renewed = await signIn(user.email, NEW_PASSWORD);
    if (!renewed.ok) throw new Error("sign-in with the new password failed");
    const after = await checkSessionToken(handle.db, { token: { email: user.email }, user: renewed.user });
    expect(await checkSessionToken(handle.db, { token: after ?? {} })).toEqual(after);
    expect(SESSION_VERSION_CACHE_MS).toBeLessThanOrEqual(5_000);
  });

  it("validates the new password with the sign-up rules and refuses reusing the current one", async () => {
    const user = await newUser("rules@example.com");
    const weak = await failure(user.api.account.changePassword({ currentPassword: OLD_PASSWORD, newPassword: "short" }));
    expect(weak.code).toBe("BAD_REQUEST");
    expect(weak.message).toMatch(/at least 10 characters/);
    const same = await failure(user.api.account.changePassword({ currentPassword: OLD_PASSWORD, newPassword: OLD_PASSWORD }));
    expect(same).toMatchObject({ code: "BAD_REQUEST", message: "Choose a password different from your current one." });
    expect((await row(user.id))?.sessionVersion).toBe(0);
  });

  it("rate-limits wrong current passwords with the user's own backoff, which never blocks their sign-in", async () => {
    const user = await newUser("guessing@example.com");
    for (let attempt = 0; attempt < PASSWORD_BACKOFF.freeFailures; attempt++) {
      await failure(user.api.account.changePassword({ currentPassword: `guess ${attempt}`, newPassword: NEW_PASSWORD }));
    }
    const limited = await failure(user.api.account.changePassword({ currentPassword: OLD_PASSWORD, newPassword: NEW_PASSWORD }));
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Try again in \d+ s/) });
    expect((await row(user.id))?.sessionVersion).toBe(0);
    // Keyed by user id, apart from the sign-in backoff: a stolen session cannot lock the owner out.
    expect(await signIn(user.email, OLD_PASSWORD)).toMatchObject({ ok: true });
  });
});
