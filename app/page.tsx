import Link from "next/link";
import { redirect } from "next/navigation";
import { SiteHeader } from "@/components/site-header";
import { auth } from "@/server/auth";

export default async function HomePage() {
  if ((await auth())?.user) redirect("/dashboard");
  return (
    <>
      <SiteHeader>
        <Link href="/sign-in" className="button link">
          Sign in
        </Link>
      </SiteHeader>
      <main id="main">
        <section className="hero">
          <h1>All your accounts, one calm view.</h1>
          <p>
            Connect your banks through Plaid and see balances and transactions in one place, kept up to date as your
            bank reports changes.
          </p>
          <div className="actions">
            <Link href="/sign-up" className="button primary">
              Create an account
            </Link>
            <Link href="/sign-in" className="button">
              Sign in
            </Link>
          </div>
        </section>
        <section className="features" aria-label="Why Ledgerlink">
          <div className="card">
            <h2>Read-only and encrypted</h2>
            <p>Bank access tokens are encrypted at rest and never leave the server.</p>
          </div>
          <div className="card">
            <h2>Always current</h2>
            <p>Plaid tells us when something changes; we sync exactly what changed.</p>
          </div>
          <div className="card">
            <h2>Every account</h2>
            <p>Checking, savings, credit cards and loans, with balances in their own currency.</p>
          </div>
        </section>
      </main>
    </>
  );
}
