"use client";

import { useEffect, useRef } from "react";
import { api, type RouterOutputs } from "@/components/trpc/react";

type SyncStatus = RouterOutputs["sync"]["status"];

const FAST_MS = 2_000;
const SLOW_MS = 60_000;
const GROWTH = 1.5;

/** Everything that, when it changes, means the page shows something stale. */
const fingerprint = (data: SyncStatus | undefined) =>
  JSON.stringify(data?.items.map((item) => [item.id, item.status, item.newAccountsAvailable, item.syncState, item.lastSyncedAt?.toISOString() ?? null]) ?? null);

const expectingNews = (data: SyncStatus | undefined) =>
  data?.items.some((item) => item.removedAt === null && (item.syncState === "never" || item.syncState === "syncing" || item.syncState === "not_ready")) ?? false;

/**
 * Polls the cheap per-connection sync status with backoff: every 2 s while a sync is expected or
 * right after something changed, then slower and slower up to a minute while nothing happens.
 * When a webhook-driven sync lands, the transactions and the connection cards refetch, no reload.
 */
export function useSyncStatus() {
  const utils = api.useUtils();
  const delay = useRef(FAST_MS);
  const seen = useRef<string | null>(null);
  const status = api.sync.status.useQuery(undefined, {
    staleTime: 0,
    refetchOnWindowFocus: true,
    refetchInterval: (query) => {
      const print = fingerprint(query.state.data);
      const changed = print !== seen.current;
      seen.current = print;
      delay.current = changed || expectingNews(query.state.data) ? FAST_MS : Math.min(SLOW_MS, delay.current * GROWTH);
      return delay.current;
    },
  });

  const print = fingerprint(status.data);
  const first = useRef(true);
  useEffect(() => {
    // The first answer is what the page already rendered from; only later changes invalidate.
    if (first.current) {
      first.current = false;
      return;
    }
    void utils.transactions.list.invalidate();
    void utils.items.list.invalidate();
    void utils.accounts.list.invalidate();
  }, [print, utils]);

  return status;
}
