"use client";

import { AccountList } from "./account-list";
import { ConnectionStatus } from "./connection-status";
import { ReconnectButton } from "./reconnect-button";
import { RefreshBalancesButton } from "./refresh-balances-button";
import { RemoveConnectionButton } from "./remove-connection-button";
import type { Account, Connection } from "./types";
import styles from "./connections.module.css";

const NEEDS_RECONNECT = new Set<Connection["status"]>(["login_required", "pending_expiration"]);

export function ConnectionCard({ item, accounts }: { item: Connection; accounts: Account[] }) {
  const name = item.institutionName ?? "Your bank";
  const connected = item.removedAt === null && item.status !== "revoked";
  const headingId = `connection-${item.id}`;
  return (
    <li className={styles.connection}>
      <article aria-labelledby={headingId}>
        <header className={styles.connectionHeader}>
          <h3 id={headingId}>{name}</h3>
          <ConnectionStatus item={item} />
        </header>
        {item.errorMessage && item.status !== "healthy" && item.removedAt === null && <p className="muted">{item.errorMessage}</p>}
        {connected && item.newAccountsAvailable && item.status === "healthy" && (
          <p className="muted">{name} has new accounts you can add to Ledgerlink.</p>
        )}
        <AccountList accounts={accounts} />
        <div className={styles.actions}>
          {connected && NEEDS_RECONNECT.has(item.status) && <ReconnectButton itemId={item.id} institutionName={name} />}
          {connected && item.newAccountsAvailable && item.status === "healthy" && (
            <ReconnectButton itemId={item.id} institutionName={name} purpose="add-accounts" />
          )}
          {connected && <RefreshBalancesButton itemId={item.id} institutionName={name} />}
          <RemoveConnectionButton item={item} institutionName={name} />
        </div>
      </article>
    </li>
  );
}
