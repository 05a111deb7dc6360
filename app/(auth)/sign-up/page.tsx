import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthForm } from "@/components/auth/auth-form";
import { SiteHeader } from "@/components/site-header";
import { auth } from "@/server/auth";
import { signUpAction } from "../actions";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if ((await auth())?.user) redirect("/dashboard");
  return (
    <>
      <SiteHeader />
      <main id="main" className="auth-page">
        <h1>Create your account</h1>
        <p className="lead">Then connect a bank to see your balances and transactions.</p>
        <AuthForm action={signUpAction} mode="sign-up" />
        <p className="switch">
          Already have an account? <Link href="/sign-in">Sign in</Link>
        </p>
      </main>
    </>
  );
}
