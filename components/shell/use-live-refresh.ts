"use client";

import { useEffect, useRef } from "react";
import { api, type RouterOutputs } from "@/components/trpc/react";

type SyncStatus = RouterOutputs["sync"]["status"];

const FAST_MS = 2_000;
const SLOW_MS = 60_000;
const GROWTH = 1.5;

const fingerprint = (data: SyncStatus | undefined) =>
  JSON.stringify(
    data?.items.map((item) => [item.id, item.status, item.newAccountsAvailable, item.syncState, item.removedAt?.toISOString() ?? null, item.lastSyncedAt?.toISOString() ?? null]) ??
      null,
  );

const expectingNews = (data: SyncStatus | undefined) =>
  data?.items.some((item) => item.removedAt === null && (item.syncState === "never" || item.syncState === "syncing" || item.syncState === "not_ready")) ??
  false;

/**
 * Polls the cheap per-connection sync status (fast while a sync is expected, backing off to a
 * minute when nothing happens) and, when it changes, refetches every other query on the page:
 * a webhook-driven sync shows up on whichever page is open, no reload.
 */
export function useLiveRefresh() {
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
    if (first.current) {
      first.current = false;
      return;
    }
    void utils.invalidate(undefined, { predicate: (query) => JSON.stringify(query.queryKey[0]) !== JSON.stringify(["sync", "status"]) });
  }, [print, utils]);
  return status;
}
