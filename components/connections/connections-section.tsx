"use client";

import { api } from "@/components/trpc/react";
import { ConnectBankButton } from "./connect-bank-button";
import { ConnectionCard } from "./connection-card";
import styles from "./connections.module.css";

/** The dashboard's banks: every connection with its accounts and balances, and *Connect a bank*. */
export function ConnectionsSection() {
  const items = api.items.list.useQuery();
  const accounts = api.accounts.list.useQuery();

  return (
    <section aria-labelledby="connections-heading" className="card">
      <div className={styles.sectionHeader}>
        <h2 id="connections-heading">Your banks</h2>
        <ConnectBankButton />
      </div>
      {items.isPending ? (
        <p className="muted" aria-busy="true">
          Loading your banks…
        </p>
      ) : items.error ? (
        <p role="alert" className="form-error">
          Your banks could not be loaded: {items.error.message}
        </p>
      ) : items.data.length === 0 ? (
        <p className="empty">No banks connected yet</p>
      ) : (
        <ul className={styles.connections}>
          {items.data.map((item) => (
            <ConnectionCard key={item.id} item={item} accounts={(accounts.data ?? []).filter((account) => account.itemId === item.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}
