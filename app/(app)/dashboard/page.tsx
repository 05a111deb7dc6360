import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { OverviewView } from "@/components/overview/overview-view";
import { api } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Overview" };

// Read on the server through the tRPC caller (same procedures, same user scoping), so the overview
// arrives as HTML and ships no tRPC or React Query; loading.tsx shows while this runs.
export default async function OverviewPage() {
  const [items, overview, upcoming, overdue, accounts, recent, budgets] = await Promise.all([
    api.items.list(),
    api.overview.get(),
    api.upcoming.list({ days: 7 }),
    api.liabilities.overdue(),
    api.accounts.details(),
    api.transactions.list({ limit: 8 }),
    api.budgets.month(),
  ]).catch((error: unknown) => {
    // The layout renders alongside and sends a visitor without a session to sign-in; answer the
    // same instead of failing (and logging) the page.
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") redirect("/sign-in?callbackUrl=%2Fdashboard");
    throw error;
  });
  return <OverviewView items={items} overview={overview} upcoming={upcoming} overdue={overdue} accounts={accounts} recent={recent.items} budgets={budgets.budgets} />;
}
