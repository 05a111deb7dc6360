import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConnectionsSection } from "@/components/connections/connections-section";
import { SiteHeader } from "@/components/site-header";
import { TransactionsSection } from "@/components/transactions/transactions-section";
import { auth } from "@/server/auth";
import { signOutAction } from "../(auth)/actions";

export const metadata: Metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const session = await auth();
  if (!session?.user) redirect("/sign-in?callbackUrl=/dashboard");
  return (
    <>
      <SiteHeader>
        <span className="who">{session.user.email}</span>
        <form action={signOutAction}>
          <button type="submit" className="button">
            Sign out
          </button>
        </form>
      </SiteHeader>
      <main id="main" className="stack">
        <h1>Dashboard</h1>
        <ConnectionsSection />
        <TransactionsSection />
      </main>
    </>
  );
}
