import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { userSessions } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { getTokenVault } from "@/server/crypto/get-token-vault";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { createTestDatabase } from "@/test/test-database";
import { authorizeSignIn, type SignInResult } from "./authorize-sign-in";
import { checkSessionToken } from "./session-version";
import { signUp } from "./sign-up";
import { totpCode } from "./totp";
import { confirmTotpEnrolment, SECOND_FACTOR_LIMIT, startTotpEnrolment } from "./two-factor";
import { checkSessionRow, isUserSessionActive, LAST_SEEN_RESOLUTION_MS } from "./user-sessions";
import { SESSION_VERSION_CACHE_MS } from "./session-version";
import { rotateTotpSecrets } from "./rotate-totp-secrets";

const PASSWORD = "correct horse battery";
const SECRET = "integration test auth secret, long enough";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const SAFARI = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";

describe("two-factor sign-in and sessions", { timeout: 120_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const signInStep = (input: Record<string, string>, options: { pendingCookie?: string; userAgent?: string; now?: Date } = {}) =>
    authorizeSignIn(handle.db, getTokenVault(), input, {
      address: null,
      userAgent: options.userAgent ?? FIREFOX,
      deviceCookie: null,
      pendingCookie: options.pendingCookie ?? null,
      secret: SECRET,
      now: options.now,
    });

  function signedIn(result: SignInResult) {
    if (!result.ok) throw new Error(`expected a sign-in, got ${result.reason}`);
    const { user } = result;
    const api = createCaller({
      db: handle.db,
      session: { user: { id: user.id, email: user.email }, sessionId: user.sessionId, expires: new Date(Date.now() + 3_600_000).toISOString() },
      headers: new Headers(),
    });
    // The JWT Auth.js would carry, checked by the same two rules as the jwt callback.
    const token = { sub: user.id, sessionVersion: user.sessionVersion, sid: user.sessionId };
    const stillSignedIn = async () => (await checkSessionRow(handle.db, await checkSessionToken(handle.db, { token }))) !== null;
    return { ...user, api, stillSignedIn };
  }

  async function newUser(email: string, userAgent = FIREFOX) {
    const created = await signUp(handle.db, { email, password: PASSWORD }, { address: null });
    if (!created.ok) throw new Error(created.message);
    return signedIn(await signInStep({ email, password: PASSWORD }, { userAgent }));
  }

  /** Enrols and confirms with the code of `now`; answers the base32 secret and the recovery codes. */
  async function enrol(user: Awaited<ReturnType<typeof newUser>>) {
    const started = await user.api.twoFactor.startEnrolment();
    const secret = started.manualKey.replace(/ /g, "");
    const { recoveryCodes } = await user.api.twoFactor.confirmEnrolment({ code: totpCode(secret, new Date()) });
    return { secret, recoveryCodes };
  }

  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => new Error("expected the call to fail"),
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TRPCError);
    return error as TRPCError;
  };

  /** Password step, then the code step with the pending cookie it handed out. */
  async function signInWithCode(email: string, code: string, now?: Date) {
    const first = await signInStep({ email, password: PASSWORD }, { now });
    if (first.ok || first.reason !== "second_factor_required") throw new Error("expected the password step to ask for a code");
    return signInStep({ code }, { pendingCookie: first.pendingToken, now });
  }

  it("turns on only after one valid code, shows a QR code and ten recovery codes, then sign-in asks for a code", async () => {
    const user = await newUser("enrol@example.com");
    const started = await user.api.twoFactor.startEnrolment();
    expect(started.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const secret = started.manualKey.replace(/ /g, "");
    expect(await user.api.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    // Still off: the password alone signs in.
    expect((await signInStep({ email: user.email, password: PASSWORD })).ok).toBe(true);

    const wrong = await failure(user.api.twoFactor.confirmEnrolment({ code: "000000" === totpCode(secret) ? "111111" : "000000" }));
    expect(wrong.code).toBe("BAD_REQUEST");
    expect(await user.api.twoFactor.status()).toMatchObject({ enabled: false });

    const { recoveryCodes } = await user.api.twoFactor.confirmEnrolment({ code: totpCode(secret, new Date()) });
    expect(recoveryCodes).toHaveLength(10);
    expect(await user.api.twoFactor.status()).toEqual({ enabled: true, recoveryCodesLeft: 10 });

    const passwordOnly = await signInStep({ email: user.email, password: PASSWORD });
    expect(passwordOnly).toMatchObject({ ok: false, reason: "second_factor_required" });
    // A code without the password step's cookie (or with a forged one) opens nothing.
    const later = new Date(Date.now() + 30_000);
    expect(await signInStep({ code: totpCode(secret, later) }, { now: later })).toMatchObject({ ok: false, reason: "second_factor_expired" });
    expect(await signInStep({ code: totpCode(secret, later) }, { pendingCookie: "forged.value", now: later })).toMatchObject({ ok: false, reason: "second_factor_expired" });
    const completed = await signInWithCode(user.email, totpCode(secret, later), later);
    expect(completed).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it("accepts a code once: the same code, or an older one, is refused inside the window", async () => {
    const user = await newUser("replay@example.com");
    const { secret } = await enrol(user);
    const later = new Date(Date.now() + 30_000);
    const code = totpCode(secret, later);
    expect((await signInWithCode(user.email, code, later)).ok).toBe(true);
    expect(await signInWithCode(user.email, code, later)).toMatchObject({ ok: false, reason: "invalid_code" });
    // The confirmation code's step is behind the last used one now.
    expect(await signInWithCode(user.email, totpCode(secret, new Date(later.getTime() - 30_000)), later)).toMatchObject({ ok: false, reason: "invalid_code" });
  });

  it("limits code guessing per user: after the limit even the right code waits", async () => {
    const user = await newUser("guess@example.com");
    const { secret } = await enrol(user);
    const later = new Date(Date.now() + 30_000);
    const right = totpCode(secret, later);
    const wrong = right === "123456" ? "654321" : "123456";
    const first = await signInStep({ email: user.email, password: PASSWORD }, { now: later });
    if (first.ok || first.reason !== "second_factor_required") throw new Error("expected a code step");
    for (let attempt = 0; attempt < SECOND_FACTOR_LIMIT.limit; attempt += 1) {
      expect(await signInStep({ code: wrong }, { pendingCookie: first.pendingToken, now: later })).toMatchObject({ reason: "invalid_code" });
    }
    const limited = await signInStep({ code: right }, { pendingCookie: first.pendingToken, now: later });
    expect(limited).toMatchObject({ ok: false, reason: "rate_limited" });
    // Settings' code checks share the same per-user limit.
    const settings = await failure(user.api.twoFactor.disable({ password: PASSWORD, code: right }));
    expect(settings.code).toBe("TOO_MANY_REQUESTS");
  });

  it("takes a recovery code in place of a code, once", async () => {
    const user = await newUser("recovery@example.com");
    const { recoveryCodes } = await enrol(user);
    const [code = ""] = recoveryCodes;
    expect(await signInWithCode(user.email, code.toUpperCase())).toMatchObject({ ok: true });
    expect(await signInWithCode(user.email, code)).toMatchObject({ ok: false, reason: "invalid_code" });
    expect(await user.api.twoFactor.status()).toEqual({ enabled: true, recoveryCodesLeft: 9 });
  });

  it("turns off only with the password and a current code, and new recovery codes need both too", async () => {
    const user = await newUser("disable@example.com");
    const { secret, recoveryCodes } = await enrol(user);
    const later = new Date(Date.now() + 30_000);
    const wrongPassword = await failure(user.api.twoFactor.disable({ password: "not the password", code: totpCode(secret, later) }));
    expect(wrongPassword).toMatchObject({ code: "BAD_REQUEST", message: "That password is not right." });
    const wrongCode = await failure(user.api.twoFactor.disable({ password: PASSWORD, code: "12-34-56" }));
    expect(wrongCode).toMatchObject({ code: "BAD_REQUEST", message: "That code is not right, or was already used." });
    expect(await user.api.twoFactor.status()).toMatchObject({ enabled: true });

    const fresh = await user.api.twoFactor.regenerateRecoveryCodes({ password: PASSWORD, code: recoveryCodes[0] ?? "" });
    expect(fresh.recoveryCodes).toHaveLength(10);
    // The old set stopped working.
    expect(await signInWithCode(user.email, recoveryCodes[1] ?? "")).toMatchObject({ ok: false, reason: "invalid_code" });

    await user.api.twoFactor.disable({ password: PASSWORD, code: fresh.recoveryCodes[0] ?? "" });
    expect(await user.api.twoFactor.status()).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    expect(await signInStep({ email: user.email, password: PASSWORD })).toMatchObject({ ok: true });
  });

  it("lists the active sessions with this one marked, signs out one, and all others", async () => {
    const here = await newUser("sessions@example.com");
    const phone = signedIn(await signInStep({ email: here.email, password: PASSWORD }, { userAgent: SAFARI }));
    const laptop = signedIn(await signInStep({ email: here.email, password: PASSWORD }));
    const listed = await here.api.sessions.list();
    expect(listed).toHaveLength(3);
    expect(listed.filter((session) => session.current).map((session) => session.id)).toEqual([here.sessionId]);
    expect(listed.map((session) => session.device).sort()).toEqual(["Firefox on Linux", "Firefox on Linux", "Safari on iOS"]);
    expect(listed.every((session) => session.network === null)).toBe(true);

    await here.api.sessions.revoke({ sessionId: phone.sessionId });
    expect(await phone.stillSignedIn()).toBe(false);
    expect(await here.stillSignedIn()).toBe(true);
    expect((await here.api.sessions.list()).map((session) => session.id).sort()).toEqual([here.sessionId, laptop.sessionId].sort());

    expect(await here.api.sessions.revokeOthers()).toEqual({ count: 1 });
    expect(await laptop.stillSignedIn()).toBe(false);
    expect(await here.stillSignedIn()).toBe(true);
    expect((await here.api.sessions.list()).map((session) => session.id)).toEqual([here.sessionId]);
  });

  it("answers NOT_FOUND for another user's session id, like a missing one, and ends nothing", async () => {
    const owner = await newUser("owner@example.com");
    const stranger = await newUser("stranger@example.com");
    const foreign = await failure(stranger.api.sessions.revoke({ sessionId: owner.sessionId }));
    const missing = await failure(stranger.api.sessions.revoke({ sessionId: "00000000-0000-4000-8000-000000000000" }));
    const malformed = await failure(stranger.api.sessions.revoke({ sessionId: "not-a-uuid" }));
    for (const error of [foreign, missing, malformed]) expect(error).toMatchObject({ code: "NOT_FOUND", message: "That session is not signed in." });
    expect(await owner.stillSignedIn()).toBe(true);
  });

  it("ends the other sessions when the password changes or two-factor is turned on or off", async () => {
    const here = await newUser("ends-others@example.com");
    const other = signedIn(await signInStep({ email: here.email, password: PASSWORD }, { userAgent: SAFARI }));
    const { secret, recoveryCodes } = await enrol(here);
    expect(await other.stillSignedIn()).toBe(false);
    expect(await here.stillSignedIn()).toBe(true);

    const later = new Date(Date.now() + 30_000);
    const second = signedIn(await signInWithCode(here.email, totpCode(secret, later), later));
    // The next TOTP step was spent by that sign-in; a recovery code stands in for a current code.
    await here.api.twoFactor.disable({ password: PASSWORD, code: recoveryCodes[0] ?? "" });
    expect(await second.stillSignedIn()).toBe(false);
    expect(await here.stillSignedIn()).toBe(true);

    const third = signedIn(await signInStep({ email: here.email, password: PASSWORD }, { userAgent: SAFARI }));
    await here.api.account.changePassword({ currentPassword: PASSWORD, newPassword: "an entirely new passphrase" });
    expect(await third.stillSignedIn()).toBe(false);
    // The list shows no session from before the change (this browser signs in again with the new password).
    expect(await here.api.sessions.list()).toEqual([]);
  });

  it("voids a pending sign-in when the password changes in between, and refuses a token without a session row", async () => {
    const user = await newUser("pending-void@example.com");
    const { secret } = await enrol(user);
    const first = await signInStep({ email: user.email, password: PASSWORD });
    if (first.ok || first.reason !== "second_factor_required") throw new Error("expected a code step");
    await user.api.account.changePassword({ currentPassword: PASSWORD, newPassword: "another fine passphrase" });
    const later = new Date(Date.now() + 30_000);
    expect(await signInStep({ code: totpCode(secret, later) }, { pendingCookie: first.pendingToken, now: later })).toMatchObject({
      ok: false,
      reason: "second_factor_expired",
    });
    // A JWT minted before session rows existed carries no `sid`: it ends on its next read.
    expect(await checkSessionRow(handle.db, { sub: user.id })).toBeNull();
  });

  it("re-seals TOTP secrets under a new key, so the old key can be dropped and codes still work", async () => {
    const oldKey = randomBytes(32).toString("base64");
    const newKey = randomBytes(32).toString("base64");
    const oldVault = createTokenVault(parseKeyRing(`old:${oldKey}`));
    const bothVault = createTokenVault(parseKeyRing(`new:${newKey},old:${oldKey}`));
    const newOnly = createTokenVault(parseKeyRing(`new:${newKey}`));
    const user = await newUser("rotate@example.com");
    const started = await startTotpEnrolment(handle.db, oldVault, { id: user.id, email: user.email });
    if (!started.ok) throw new Error("expected an enrolment");
    const report = await rotateTotpSecrets(handle.db, bothVault);
    // Other tests' users were sealed by the app's dev key, unknown to this ring: listed, untouched.
    expect(report.failed.filter((failure) => failure.userId === user.id)).toEqual([]);
    expect(report.rotated).toBeGreaterThanOrEqual(1);
    const confirmed = await confirmTotpEnrolment(handle.db, newOnly, { userId: user.id, code: totpCode(started.secret, new Date()), keepSessionId: user.sessionId });
    expect(confirmed.ok).toBe(true);
  });

  it("writes last seen at most once a minute, and a revocation made elsewhere ends the session within the cache time", async () => {
    const user = await newUser("last-seen@example.com");
    const lastSeen = async () =>
      (await handle.db.select({ at: userSessions.lastSeenAt }).from(userSessions).where(eq(userSessions.id, user.sessionId)))[0]?.at.getTime();
    const start = (await lastSeen()) ?? 0;
    expect(await isUserSessionActive(handle.db, user.id, user.sessionId, start + 10_000)).toBe(true);
    expect(await lastSeen()).toBe(start);
    expect(await isUserSessionActive(handle.db, user.id, user.sessionId, start + LAST_SEEN_RESOLUTION_MS + 1_000)).toBe(true);
    expect(await lastSeen()).toBe(start + LAST_SEEN_RESOLUTION_MS + 1_000);

    // Revoked by another process (this process's cache is not told): trusted until the cache expires, then refused.
    const readAt = start + LAST_SEEN_RESOLUTION_MS + 1_000;
    await handle.db.update(userSessions).set({ revokedAt: new Date() }).where(eq(userSessions.id, user.sessionId));
    expect(await isUserSessionActive(handle.db, user.id, user.sessionId, readAt + SESSION_VERSION_CACHE_MS - 1)).toBe(true);
    expect(await isUserSessionActive(handle.db, user.id, user.sessionId, readAt + SESSION_VERSION_CACHE_MS)).toBe(false);
  });
});
