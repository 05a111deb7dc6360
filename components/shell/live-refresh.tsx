"use client";

import { useLiveRefresh } from "./use-live-refresh";

/** Mounted once in the signed-in layout: keeps every page fresh after webhook-driven syncs. */
export function LiveRefresh() {
  useLiveRefresh();
  return null;
}
