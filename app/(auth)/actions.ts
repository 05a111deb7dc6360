"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import type { AuthFormState } from "@/components/auth/auth-form-state";
import { signIn, signOut } from "@/server/auth";
import { emailSchema } from "@/server/auth/credentials";
import { signUp } from "@/server/auth/sign-up";
import { getDatabase } from "@/server/db";

/** Only same-site paths: an open redirect after sign-in would be a phishing gift. */
function safeCallback(value: FormDataEntryValue | null): string {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") ? value : "/dashboard";
}

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

async function signInOrExplain(email: string, password: string, redirectTo: string): Promise<AuthFormState> {
  try {
    await signIn("credentials", { email, password, redirectTo });
    return { email };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return {
        email,
        formError:
          error.code === "rate_limited"
            ? "Too many sign-in attempts. Wait a few minutes and try again."
            : "That email and password don't match an account. Check them and try again.",
      };
    }
    if (error instanceof AuthError) return { email, formError: "Sign-in failed. Please try again." };
    throw error; // Next's redirect is thrown too, and must propagate.
  }
}

export async function signInAction(_previous: AuthFormState, formData: FormData): Promise<AuthFormState> {
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
  const result = await signUp(db, { email, password });
  if (!result.ok) return { email, fieldErrors: { [result.field]: result.message } };
  return signInOrExplain(result.user.email, password, "/dashboard");
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
