"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { invalidateClientCaches, onMutation } from "@/components/trpc/live-data";

const FAST_MS = 2_000;
const SLOW_MS = 60_000;
const GROWTH = 1.5;

/** The fields of sync.status that say "something landed"; read leniently, never trusted further. */
interface StatusItem {
  id?: string;
  status?: string;
  newAccountsAvailable?: boolean;
  syncState?: string;
  historyState?: string;
  removedAt?: string | null;
  lastSyncedAt?: string | null;
  productsCheckedAt?: string | null;
}

/**
 * sync.status over tRPC's plain GET (one query, no batch): `{"result":{"data":{"json":…}}}`, with
 * superjson's dates as ISO strings in `json`. Read without the tRPC client, so a page that renders
 * on the server (the dashboard) does not load tRPC and React Query only to poll.
 */
async function fetchSyncStatus(signal: AbortSignal): Promise<StatusItem[] | null> {
  const response = await fetch("/api/trpc/sync.status", { headers: { "x-trpc-source": "live-refresh" }, cache: "no-store", signal });
  if (!response.ok) return null;
  const body = (await response.json()) as { result?: { data?: { json?: { items?: StatusItem[] } } } };
  return body.result?.data?.json?.items ?? null;
}

const fingerprint = (items: StatusItem[]) =>
  JSON.stringify(items.map((item) => [item.id, item.status, item.newAccountsAvailable, item.syncState, item.historyState, item.removedAt, item.lastSyncedAt, item.productsCheckedAt]));

const expectingNews = (items: StatusItem[]) =>
  items.some((item) => item.removedAt === null && (item.syncState === "never" || item.syncState === "syncing" || item.syncState === "not_ready"));

/**
 * Polls the cheap per-connection sync status (fast while a sync is expected, backing off to a
 * minute when nothing happens, paused while the tab is hidden) and, when it changes, re-renders
 * the server-rendered sections (`router.refresh()`) and refetches the client caches: a
 * webhook-driven sync shows up on whichever page is open, no reload. After any mutation the page
 * refreshes at once and polling speeds up (a new connection is about to sync).
 */
export function useLiveRefresh(): void {
  const router = useRouter();
  useEffect(() => {
    let delay = FAST_MS;
    let seen: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    let stopped = false;

    const schedule = () => {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(() => void poll(), delay);
    };

    const poll = async () => {
      clearTimeout(timer);
      if (document.visibilityState === "hidden") return; // resumed by visibilitychange
      inFlight?.abort();
      const controller = new AbortController();
      inFlight = controller;
      let items: StatusItem[] | null = null;
      try {
        items = await fetchSyncStatus(controller.signal);
      } catch {
        // Offline, or aborted by a newer poll: the next one tries again.
      }
      if (stopped || controller.signal.aborted) return;
      if (items) {
        const print = fingerprint(items);
        const changed = print !== seen;
        // The first answer is the baseline: the page was just rendered with this data.
        if (changed && seen !== null) {
          router.refresh();
          invalidateClientCaches();
        }
        seen = print;
        delay = changed || expectingNews(items) ? FAST_MS : Math.min(SLOW_MS, delay * GROWTH);
      } else {
        delay = Math.min(SLOW_MS, delay * GROWTH);
      }
      schedule();
    };

    const offMutation = onMutation(() => {
      router.refresh();
      delay = FAST_MS;
      void poll();
    });
    const onVisible = () => {
      if (document.visibilityState === "visible") void poll();
    };
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      offMutation();
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
    };
  }, [router]);
}
