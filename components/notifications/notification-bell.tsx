"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { NOTIFICATIONS_CHANGED_EVENT } from "./notifications-changed";
import styles from "./notifications.module.css";

// Often enough that a webhook's notification shows within a minute; a hidden tab does not poll.
const POLL_MS = 30_000;

/** tRPC's GET answer for a query without input, read without shipping the tRPC client (superjson wraps it in `json`). */
function unreadFrom(body: unknown): number | null {
  const data = (body as { result?: { data?: { json?: { unread?: unknown } } } } | null)?.result?.data?.json;
  return typeof data?.unread === "number" ? data.unread : null;
}

/**
 * The header's bell with the unread count: a link to the notification centre. A small island
 * with a plain fetch of `notifications.unreadCount`, so every signed-in page (the server-rendered
 * dashboard too) gets it without React Query.
 */
export function NotificationBell() {
  const [unread, setUnread] = useState<number | null>(null);
  const pathname = usePathname();

  useEffect(() => {
    let cancelled = false;
    const load = () => {
      if (document.visibilityState === "hidden") return;
      fetch("/api/trpc/notifications.unreadCount", { headers: { accept: "application/json" }, cache: "no-store" })
        .then((response) => (response.ok ? response.json() : null))
        .then((body: unknown) => {
          const count = unreadFrom(body);
          if (!cancelled && count !== null) setUnread(count);
        })
        .catch(() => {});
    };
    load();
    const timer = window.setInterval(load, POLL_MS);
    window.addEventListener(NOTIFICATIONS_CHANGED_EVENT, load);
    document.addEventListener("visibilitychange", load);
    return () => {
      cancelled = true;
      window.clearInterval(timer);
      window.removeEventListener(NOTIFICATIONS_CHANGED_EVENT, load);
      document.removeEventListener("visibilitychange", load);
    };
  }, [pathname]);

  const label = unread ? `Notifications, ${unread} unread` : "Notifications";
  return (
    <Link href="/notifications" className={styles.bell} aria-label={label} title={label} aria-current={pathname === "/notifications" ? "page" : undefined} data-testid="notification-bell">
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
        <path
          d="M12 3a6 6 0 0 0-6 6v3.6l-1.7 2.9A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
      {unread ? (
        <span className={styles.badge} data-testid="notification-count">
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
