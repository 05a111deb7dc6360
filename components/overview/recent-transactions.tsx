import Link from "next/link";
import type { RouterOutputs } from "@/components/trpc/react";
import { TransactionList } from "./transaction-list";

/** The newest few transactions (rendered on the server); the explorer has the rest. */
export function RecentTransactions({ transactions, importing }: { transactions: RouterOutputs["transactions"]["list"]["items"]; importing: boolean }) {
  return (
    <section className="card" aria-labelledby="recent-heading">
      <div className="section-header">
        <h2 id="recent-heading">Recent transactions</h2>
        <Link href="/transactions">All transactions</Link>
      </div>
      {transactions.length === 0 ? (
        <p className="muted">
          {importing ? "Your first transactions are on their way; they appear here by themselves." : "No transactions yet. New ones appear here as your bank shares them."}
        </p>
      ) : (
        <TransactionList transactions={transactions} />
      )}
    </section>
  );
}
