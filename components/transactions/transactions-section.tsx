"use client";

import { useDeferredValue, useState } from "react";
import { api } from "@/components/trpc/react";
import { ConnectionSyncList } from "./connection-sync-list";
import { TransactionRow } from "./transaction-row";
import { useSyncStatus } from "./use-sync-status";
import styles from "./transactions.module.css";

const PAGE_SIZE = 50;

/** The dashboard's transactions, newest first, refreshed by itself after webhook-driven syncs. */
export function TransactionsSection() {
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search.trim());
  const status = useSyncStatus();
  const list = api.transactions.list.useInfiniteQuery(
    { limit: PAGE_SIZE, search: deferredSearch || null },
    { getNextPageParam: (page) => page.nextCursor, staleTime: 0 },
  );
  const transactions = list.data?.pages.flatMap((page) => page.items) ?? [];
  const hasConnections = (status.data?.items.length ?? 0) > 0;

  return (
    <section aria-labelledby="transactions-heading" className="card">
      <div className={styles.header}>
        <h2 id="transactions-heading">Transactions</h2>
        <input
          type="search"
          className={styles.search}
          aria-label="Search transactions"
          placeholder="Search by name or merchant"
          value={search}
          maxLength={100}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>
      {status.data && <ConnectionSyncList items={status.data.items} onQueued={() => void status.refetch()} />}
      {list.isPending ? (
        <p className="muted" aria-busy="true">
          Loading transactions…
        </p>
      ) : list.error ? (
        <p role="alert" className="form-error">
          Transactions could not be loaded: {list.error.message}
        </p>
      ) : transactions.length === 0 ? (
        <p className="empty">
          {deferredSearch
            ? "No transactions match your search."
            : hasConnections
              ? "No transactions yet. They appear here by themselves as soon as your bank shares them."
              : "Connect a bank to see your transactions here."}
        </p>
      ) : (
        <>
          <div className={styles.tableWrap}>
            <table className={styles.table} aria-describedby="transactions-heading">
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Description</th>
                  <th scope="col">Category</th>
                  <th scope="col">Account</th>
                  <th scope="col">Amount</th>
                </tr>
              </thead>
              <tbody>
                {transactions.map((transaction) => (
                  <TransactionRow key={transaction.id} transaction={transaction} />
                ))}
              </tbody>
            </table>
          </div>
          {list.hasNextPage && (
            <div className={styles.more}>
              <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
                {list.isFetchingNextPage ? "Loading…" : "Show older transactions"}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
