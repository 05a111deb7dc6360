"use client";

import { formatSince } from "@/components/transactions/format-transaction";
import { AccountList } from "./account-list";
import { ConnectionStatus } from "./connection-status";
import { HistoryProgress } from "./history-progress";
import { pendingDisconnectNotice, PRODUCT_LABELS } from "./item-notices";
import { ReconnectButton } from "./reconnect-button";
import { RefreshBalancesButton } from "./refresh-balances-button";
import { RemoveConnectionButton } from "./remove-connection-button";
import { SyncNowButton } from "./sync-now-button";
import type { Account, Connection } from "./types";
import styles from "./connections.module.css";

const NEEDS_RECONNECT = new Set<Connection["status"]>(["login_required", "pending_expiration"]);

const SYNC_TEXT: Record<Connection["syncState"], string> = {
  never: "Waiting for the first sync",
  not_ready: "Your bank is still preparing transactions",
  syncing: "Syncing…",
  idle: "Up to date",
  failed: "Last sync failed; retrying",
};

export function ConnectionCard({ item, accounts, now }: { item: Connection; accounts: Account[]; now: Date }) {
  const name = item.institutionName ?? "Your bank";
  const disconnected = item.removedAt !== null;
  const connected = !disconnected && item.status !== "revoked";
  const needsLogin = NEEDS_RECONNECT.has(item.status);
  const headingId = `connection-${item.id}`;
  const disconnect = connected ? pendingDisconnectNotice(item) : null;
  return (
    <li className={styles.connection}>
      <article aria-labelledby={headingId}>
        <header className={styles.connectionHeader}>
          <h3 id={headingId}>{name}</h3>
          <ConnectionStatus item={item} />
        </header>
        <p className={`muted ${styles.syncLine}`} data-testid={`sync-state-${item.id}`}>
          {disconnected
            ? item.errorCode === "USER_PERMISSION_REVOKED" && item.errorMessage
              ? item.errorMessage
              : `Disconnected ${formatSince(item.removedAt ?? now, now)}. Its accounts and transactions are kept and no longer update.`
            : needsLogin
              ? "Needs you to reconnect before it can sync"
              : item.productsNeedingAccess.includes("transactions")
                ? "Waiting for you to grant access to transactions"
                : SYNC_TEXT[item.syncState]}
          {item.lastSyncedAt && ` · Last synced ${formatSince(item.lastSyncedAt, now)}`}
        </p>
        <HistoryProgress item={item} />
        {item.errorMessage && item.status !== "healthy" && !disconnected && <p className="muted">{item.errorMessage}</p>}
        {connected && item.newAccountsAvailable && item.status === "healthy" && (
          <p className="muted">{name} has new accounts you can add to Ledgerlink.</p>
        )}
        {disconnect && (
          <p className={styles.notice} data-testid={`pending-disconnect-${item.id}`}>
            <strong>{disconnect.headline}.</strong> {disconnect.detail}
          </p>
        )}
        {connected &&
          item.productsNeedingAccess.map((product) => (
            <p key={product} className={styles.notice}>
              {name} did not give Ledgerlink permission to read your {PRODUCT_LABELS[product]}. Grant access to see them.
            </p>
          ))}
        <AccountList accounts={accounts} />
        <div className={styles.actions}>
          {connected && (needsLogin || disconnect) && <ReconnectButton itemId={item.id} institutionName={name} />}
          {connected &&
            !needsLogin &&
            item.productsNeedingAccess.map((product) => (
              <ReconnectButton key={product} itemId={item.id} institutionName={name} purpose="grant-access" product={PRODUCT_LABELS[product]} />
            ))}
          {connected && item.newAccountsAvailable && item.status === "healthy" && (
            <ReconnectButton itemId={item.id} institutionName={name} purpose="add-accounts" />
          )}
          {/* A disconnected bank has no access token: nothing to sync or refresh. */}
          {connected && !needsLogin && <SyncNowButton itemId={item.id} institutionName={name} />}
          {connected && <RefreshBalancesButton itemId={item.id} institutionName={name} />}
          <RemoveConnectionButton item={item} institutionName={name} accounts={accounts} />
        </div>
      </article>
    </li>
  );
}
