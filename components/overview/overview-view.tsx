"use client";

import { ConnectBankButton } from "@/components/connections/connect-bank-button";
import { EmptyState } from "@/components/shell/empty-state";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { AccountsByType } from "./accounts-by-type";
import { AttentionBanners } from "./attention-banners";
import { CashFlowCard } from "./cash-flow-card";
import { CategoryCard } from "./category-card";
import { ImportingNotice } from "./importing-notice";
import { MonthCard } from "./month-card";
import { NetWorthCard } from "./net-worth-card";
import { RecentTransactions } from "./recent-transactions";

/** /dashboard: net worth, this month against last, categories, cash flow, accounts, recent activity. */
export function OverviewView() {
  const items = api.items.list.useQuery();
  const overview = api.overview.get.useQuery(undefined, { staleTime: 0 });

  const header = (
    <div className="page-header">
      <div>
        <h1>Overview</h1>
        <p className="muted">Balances as your banks last reported them; totals in each currency on their own.</p>
      </div>
    </div>
  );

  if (items.isPending || overview.isPending) {
    return (
      <>
        {header}
        <section className="card" aria-label="Loading overview">
          <Skeleton lines={4} label="Loading your overview" />
        </section>
      </>
    );
  }
  if (items.error || overview.error) {
    return (
      <>
        {header}
        <QueryError
          what="Your overview"
          message={(items.error ?? overview.error)?.message ?? ""}
          onRetry={() => void Promise.all([items.refetch(), overview.refetch()])}
        />
      </>
    );
  }
  const live = items.data.filter((item) => item.removedAt === null);
  if (items.data.length === 0) {
    return (
      <>
        {header}
        <section className="card" aria-labelledby="start-heading">
          <h2 id="start-heading">Connect your first bank</h2>
          <EmptyState
            title="No banks connected yet"
            action={<ConnectBankButton />}
          >
            Ledgerlink reads your balances and transactions through Plaid (read-only). Your net worth, spending and cash flow
            appear here as soon as the first import finishes.
          </EmptyState>
        </section>
      </>
    );
  }

  const data = overview.data;
  const importingAll = live.length > 0 && data.importState.importing.length === live.length;
  return (
    <>
      {header}
      <AttentionBanners items={items.data} />
      <ImportingNotice importing={data.importState.importing} historyArriving={data.importState.historyArriving} everything={importingAll} />
      <div className="grid-2">
        <NetWorthCard netWorth={data.netWorth} />
        {!importingAll && <MonthCard overview={data} />}
      </div>
      {!importingAll && (
        <div className="grid-2">
          <CategoryCard categories={data.categories} month={data.thisMonth} />
          <CashFlowCard cashFlow={data.cashFlow} />
        </div>
      )}
      <div className="grid-2">
        <AccountsByType />
        <RecentTransactions importing={importingAll} />
      </div>
    </>
  );
}
