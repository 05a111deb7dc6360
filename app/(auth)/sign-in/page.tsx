import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { SiteHeader } from "@/components/site-header";
import { auth } from "@/server/auth";
import { pendingSignInEmail } from "@/server/auth/pending-sign-in";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; restart?: string }> }) {
  if ((await auth())?.user) redirect("/dashboard");
  const { callbackUrl, restart } = await searchParams;
  // A pending two-factor sign-in (password already checked) opens on the code step.
  const pendingEmail = restart ? null : await pendingSignInEmail();
  return (
    <>
      <SiteHeader />
      <main id="main" className="auth-page">
        <h1>Sign in</h1>
        <p className="lead">Welcome back. Your accounts are waiting.</p>
        <AuthForm
          action={signInAction}
          mode="sign-in"
          callbackUrl={callbackUrl}
          initialState={pendingEmail ? { email: pendingEmail, step: "code" } : undefined}
        />
        <p className="switch">
          New here? <Link href="/sign-up">Create an account</Link>
        </p>
      </main>
    </>
  );
}
