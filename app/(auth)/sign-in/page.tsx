import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { SiteHeader } from "@/components/site-header";
import { auth } from "@/server/auth";
import { signInAction } from "../actions";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  if ((await auth())?.user) redirect("/dashboard");
  const { callbackUrl } = await searchParams;
  return (
    <>
      <SiteHeader />
      <main id="main" className="auth-page">
        <h1>Sign in</h1>
        <p className="lead">Welcome back. Your accounts are waiting.</p>
        <AuthForm action={signInAction} mode="sign-in" callbackUrl={callbackUrl} />
        <p className="switch">
          New here? <Link href="/sign-up">Create an account</Link>
        </p>
      </main>
    </>
  );
}
