import { EmptyState } from "@/components/shell/empty-state";
import type { RouterOutputs } from "@/components/trpc/react";
import { AccountsByType } from "./accounts-by-type";
import { AttentionBanners } from "./attention-banners";
import { BudgetsCard } from "./budgets-card";
import { CashFlowCard } from "./cash-flow-card";
import { CategoryCard } from "./category-card";
import { ConnectBankIsland as ConnectBankButton } from "./connection-islands";
import { historyIncomplete, ImportingNotice } from "./importing-notice";
import { MonthCard } from "./month-card";
import { NetWorthCard } from "./net-worth-card";
import { OverdueBanners } from "./overdue-banners";
import { RecentTransactions } from "./recent-transactions";
import { UpcomingCard } from "./upcoming-card";

/** What app/(app)/dashboard/page.tsx reads on the server (through server/api/rsc.ts). */
export interface OverviewData {
  items: RouterOutputs["items"]["list"];
  overview: RouterOutputs["overview"]["get"];
  upcoming: RouterOutputs["upcoming"]["list"];
  overdue: RouterOutputs["liabilities"]["overdue"];
  accounts: RouterOutputs["accounts"]["details"];
  recent: RouterOutputs["transactions"]["list"]["items"];
  budgets: RouterOutputs["budgets"]["month"]["budgets"];
}

/**
 * /dashboard: net worth, this month against last, categories, cash flow, accounts, recent activity.
 * A Server Component: the page reads its data on the server and LiveRefresh re-renders it after a
 * sync or a mutation, so the dashboard ships no tRPC, React Query or superjson. There is no tRPC
 * provider on this page: no tRPC hooks here or in the cards; read new data in the page, and load a
 * control that needs tRPC on first use (connection-islands.tsx).
 */
export function OverviewView({ items, overview, upcoming, overdue, accounts, recent, budgets }: OverviewData) {

  const header = (
    <div className="page-header">
      <div>
        <h1>Overview</h1>
        <p className="muted">Balances as your banks last reported them; totals in each currency on their own.</p>
      </div>
    </div>
  );

  const live = items.filter((item) => item.removedAt === null);
  if (items.length === 0) {
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

  const data = overview;
  const importingAll = live.length > 0 && data.importState.importing.length === live.length;
  // Until every connection's full history is in, no total or chart is final.
  const importing = historyIncomplete(live);
  return (
    <>
      {header}
      <AttentionBanners items={items} />
      <OverdueBanners overdue={overdue} />
      <ImportingNotice importing={data.importState.importing} items={live} everything={importingAll} />
      <div className="grid-2">
        <NetWorthCard netWorth={data.netWorth} />
        {!importingAll && <MonthCard overview={data} importing={importing} />}
      </div>
      {!importingAll && (
        <div className="grid-2">
          <CategoryCard categories={data.categories} month={data.thisMonth} importing={importing} />
          <CashFlowCard cashFlow={data.cashFlow} importing={importing} />
        </div>
      )}
      <BudgetsCard budgets={budgets} />
      <div className="grid-2">
        <UpcomingCard payments={upcoming} importing={importing} />
        <AccountsByType accounts={accounts} />
      </div>
      <RecentTransactions transactions={recent} importing={importingAll} />
    </>
  );
}
