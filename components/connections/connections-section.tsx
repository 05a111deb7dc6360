"use client";

import { useEffect, useState } from "react";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { ConnectBankButton } from "./connect-bank-button";
import { ConnectionCard } from "./connection-card";
import styles from "./connections.module.css";

/** Re-renders the "… ago" texts every 30 s without refetching anything. */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Every connection with its accounts, sync state and actions, and *Connect a bank*. */
export function ConnectionsSection() {
  const items = api.items.list.useQuery();
  const accounts = api.accounts.list.useQuery();
  const now = useNow();

  return (
    <section aria-labelledby="connections-heading" className="card">
      <div className={styles.sectionHeader}>
        <h2 id="connections-heading">Your banks</h2>
        <ConnectBankButton />
      </div>
      {items.isPending ? (
        <Skeleton lines={4} label="Loading your banks" />
      ) : items.error ? (
        <QueryError what="Your banks" message={items.error.message} onRetry={() => void items.refetch()} />
      ) : items.data.length === 0 ? (
        <p className="empty">No banks connected yet. Use Connect a bank to add your first one; it takes about a minute.</p>
      ) : (
        <ul className={styles.connections}>
          {items.data.map((item) => (
            <ConnectionCard key={item.id} item={item} now={now} accounts={(accounts.data ?? []).filter((account) => account.itemId === item.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
