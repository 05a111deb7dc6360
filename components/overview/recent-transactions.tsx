"use client";

import Link from "next/link";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { TransactionList } from "./transaction-list";

/** The newest few transactions; the explorer has the rest. */
export function RecentTransactions({ importing }: { importing: boolean }) {
  const list = api.transactions.list.useQuery({ limit: 8 }, { staleTime: 0 });
  return (
    <section className="card" aria-labelledby="recent-heading">
      <div className="section-header">
        <h2 id="recent-heading">Recent transactions</h2>
        <Link href="/transactions">All transactions</Link>
      </div>
      {list.isPending ? (
        <Skeleton lines={5} label="Loading recent transactions" />
      ) : list.error ? (
        <QueryError what="Transactions" message={list.error.message} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">
          {importing ? "Your first transactions are on their way; they appear here by themselves." : "No transactions yet. New ones appear here as your bank shares them."}
        </p>
      ) : (
        <TransactionList transactions={list.data.items} />
      )}
    </section>
  );
}
