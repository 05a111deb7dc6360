"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import type { AuthFormState } from "@/components/auth/auth-form-state";
import { InvalidSecondFactor, SecondFactorExpired, SecondFactorRequired, secureDeviceCookie, signIn, signOut, TooManyAttempts } from "@/server/auth";
import { emailSchema } from "@/server/auth/credentials";
import { DEVICE_COOKIE, deviceCookieOptions, issueDeviceCookie, verifyDeviceCookie } from "@/server/auth/device-cookie";
import { pendingSignInEmail } from "@/server/auth/pending-sign-in";
import { PENDING_COOKIE, pendingCookieOptions } from "@/server/auth/second-factor-pending";
import { signUpSafely } from "@/server/auth/sign-up-safely";
import { clientAddress } from "@/server/client-address";
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { safeReturnPath } from "@/server/safe-return-path";
import { logger } from "@/server/logger";

/** Only same-site paths: an open redirect after sign-in would be a phishing gift (see safeReturnPath). */
function safeCallback(value: FormDataEntryValue | null): string {
  return safeReturnPath(value, "/dashboard");
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** The same sentence for a wrong password and an unknown email: the form reveals no accounts. */
function signInFailure(error: unknown): string | undefined {
  if (error instanceof TooManyAttempts) {
    if (error.busy) return `Too many sign-in attempts right now; try again in ${error.retryAfterSeconds} seconds.`;
    return `Too many sign-in attempts. Try again in ${error.retryAfterSeconds} s.`;
  }
  if (error instanceof InvalidSecondFactor) return "That code is not right, or was already used. Check it and try again.";
  if (error instanceof SecondFactorExpired) return "Your sign-in timed out. Enter your email and password again.";
  if (error instanceof CredentialsSignin) return "That email and password don't match an account. Check them and try again.";
  if (error instanceof AuthError) return "Sign-in failed. Please try again.";
  return undefined;
}

/**
 * After a successful sign-in: this browser gets (or keeps) a device cookie for the email, so its
 * later attempts are counted apart from anyone else's (server/auth/sign-in-throttle.ts).
 */
async function rememberDevice(email: string): Promise<void> {
  const secure = secureDeviceCookie();
  const name = DEVICE_COOKIE.name(secure);
  const jar = await cookies();
  const secret = getEnv().AUTH_SECRET;
  const deviceId = verifyDeviceCookie(secret, email, jar.get(name)?.value) ?? undefined;
  jar.set(name, issueDeviceCookie(secret, email, deviceId), deviceCookieOptions(secure));
}

/** The password was right and a code is due: the browser holds the pending sign-in (5 min). */
async function holdPendingSecondFactor(error: SecondFactorRequired): Promise<void> {
  const secure = secureDeviceCookie();
  (await cookies()).set(PENDING_COOKIE.name(secure), error.pendingToken, pendingCookieOptions(secure));
}

/** The code step: the pending cookie names the user; the code is a TOTP or a recovery code. */
async function completeSecondFactor(code: string, redirectTo: string): Promise<AuthFormState> {
  const email = await pendingSignInEmail();
  if (!code.trim()) return { email: email ?? undefined, step: "code", fieldErrors: { code: "Enter the code from your authenticator app." } };
  try {
    await signIn("credentials", { code, redirectTo, redirect: false });
  } catch (error) {
    const formError = signInFailure(error);
    if (error instanceof SecondFactorExpired) return { formError };
    if (error instanceof InvalidSecondFactor) return { email: email ?? undefined, step: "code", fieldErrors: { code: formError } };
    if (formError) return { email: email ?? undefined, step: "code", formError };
    throw error;
  }
  // Expired with its own attributes: a bare delete lacks Secure, which a __Host- cookie requires.
  const secure = secureDeviceCookie();
  (await cookies()).set(PENDING_COOKIE.name(secure), "", { ...pendingCookieOptions(secure), maxAge: 0 });
  if (email) await rememberDevice(email);
  redirect(redirectTo);
}

async function signInOrExplain(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    // No redirect from inside signIn: the device cookie is set after it succeeds, then we go on.
    await signIn("credentials", { email, password, redirectTo, redirect: false });
  } catch (error) {
    if (error instanceof SecondFactorRequired) {
      await holdPendingSecondFactor(error);
      return { email, step: "code" };
    }
    const formError = signInFailure(error);
    if (formError) return { email, formError };
    throw error;
  }
  await rememberDevice(email);
  redirect(redirectTo);
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  if (formData.get("step") === "code") return completeSecondFactor(text(formData, "code"), safeCallback(formData.get("callbackUrl")));
  const email = text(formData, "email").trim();
  const password = text(formData, "password");
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success) return { email, fieldErrors: { email: parsedEmail.error.issues[0]?.message } };
  if (!password) return { email, fieldErrors: { password: "Enter your password." } };
  return signInOrExplain(parsedEmail.data, password, safeCallback(formData.get("callbackUrl")));
}

export async function signUpAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
  const email = text(formData, "email").trim();
  const password = text(formData, "password");
  const { db } = await getDatabase();
  const address = clientAddress(await headers(), getEnv().TRUSTED_PROXY_HOPS);
  const result = await signUpSafely(db, { email, password }, { address }, logger);
  if (!result.ok) {
    return result.field === "form" ? { email, formError: result.message } : { email, fieldErrors: { [result.field]: result.message } };
  }
  return signInOrExplain(result.user.email, password, "/dashboard");
}

/**
 * Called by the settings page right after `account.changePassword`, which ended every session
 * including this one: signs this browser in again with the new password, without a redirect.
 */
export async function renewSessionAction(input: { email: string; password: string }): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    await signIn("credentials", { email: input.email, password: input.password, redirect: false });
  } catch (error) {
    // Two-factor sign-in on: this browser finishes on the sign-in page's code step. Its old
    // session cookie goes now: the version check could trust it for a few more seconds
    // (server/auth/session-version.ts), and the sign-in page would send it on to the dashboard.
    if (error instanceof SecondFactorRequired) {
      await signOut({ redirect: false });
      await holdPendingSecondFactor(error);
      return { ok: false, message: "Enter a code from your authenticator app to stay signed in." };
    }
    const message = signInFailure(error);
    if (message) return { ok: false, message };
    throw error;
  }
  const email = emailSchema.safeParse(input.email);
  if (email.success) await rememberDevice(email.data);
  return { ok: true };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
