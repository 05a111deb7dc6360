"use client";

import { useEffect, useState } from "react";
import type { RouterOutputs } from "@/components/trpc/react";
import { formatSince } from "./format-transaction";
import { SyncNowButton } from "./sync-now-button";
import styles from "./transactions.module.css";

type ItemSync = RouterOutputs["sync"]["status"]["items"][number];

const STATE_TEXT: Record<ItemSync["syncState"], string> = {
  never: "Waiting for the first sync",
  not_ready: "Your bank is still preparing transactions",
  syncing: "Syncing…",
  idle: "Up to date",
  failed: "Last sync failed; retrying",
};

/** Re-renders the "… ago" texts every 30 s without refetching anything. */
function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** Per connection: sync state, *Last synced …* and *Sync now*. */
export function ConnectionSyncList({ items, onQueued }: { items: ItemSync[]; onQueued: () => void }) {
  const now = useNow();
  const live = items.filter((item) => item.removedAt === null && item.status !== "revoked");
  if (live.length === 0) return null;
  return (
    <ul className={styles.syncList} aria-label="Sync status">
      {live.map((item) => {
        const name = item.institutionName ?? "Your bank";
        const needsLogin = item.status === "login_required" || item.status === "pending_expiration";
        return (
          <li key={item.id} className={styles.syncItem}>
            <span className={styles.syncName}>{name}</span>
            <span className="muted" aria-live="polite" data-testid={`sync-state-${item.id}`}>
              {needsLogin ? "Needs you to reconnect before it can sync" : STATE_TEXT[item.syncState]}
              {item.lastSyncedAt && ` · Last synced ${formatSince(item.lastSyncedAt, now)}`}
            </span>
            {!needsLogin && <SyncNowButton itemId={item.id} institutionName={name} onQueued={onQueued} />}
          </li>
        );
      })}
    </ul>
  );
}
