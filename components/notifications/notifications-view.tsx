"use client";

import Link from "next/link";
import { EmptyState } from "@/components/shell/empty-state";
import { QueryError } from "@/components/shell/query-error";
import { Skeleton } from "@/components/shell/skeleton";
import { api } from "@/components/trpc/react";
import { announceNotificationsChanged } from "./notifications-changed";
import styles from "./notifications.module.css";

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** /notifications: the notification centre, newest first, with mark read and mark all read. */
export function NotificationsView() {
  const utils = api.useUtils();
  const list = api.notifications.list.useQuery({ limit: 50 }, { refetchInterval: 30_000 });
  const changed = async () => {
    announceNotificationsChanged();
    await utils.notifications.list.invalidate();
  };
  const markRead = api.notifications.markRead.useMutation({ onSuccess: changed });
  const markAll = api.notifications.markAllRead.useMutation({ onSuccess: changed });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Notifications</h1>
          <p className="muted">
            {list.data ? (list.data.unread === 0 ? "All caught up." : `${list.data.unread} unread`) : "Connections, bills and unusual activity."}{" "}
            <Link href="/settings#notifications">Choose what you get</Link>
          </p>
        </div>
        {list.data && list.data.unread > 0 ? (
          <button type="button" className="button" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
            Mark all read
          </button>
        ) : null}
      </div>
      {list.isPending ? <Skeleton lines={4} label="Loading notifications" /> : null}
      {list.error ? <QueryError what="Notifications" message={list.error.message} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.notifications.length === 0 ? (
        <EmptyState title="No notifications yet">We will tell you here when a bank needs attention, a bill is due or something looks unusual.</EmptyState>
      ) : null}
      {list.data && list.data.notifications.length > 0 ? (
        <ul className={styles.list} aria-label="Notifications">
          {list.data.notifications.map((item) => (
            <li key={item.id} className={`${styles.item} ${item.read ? "" : styles.unread}`} data-testid="notification">
              <p className={styles.itemTitle}>
                {item.linkPath ? (
                  <Link href={item.linkPath} onClick={() => (item.read ? undefined : markRead.mutate({ id: item.id }))}>
                    {item.title}
                  </Link>
                ) : (
                  item.title
                )}
                {item.read ? null : <span className="sr-only"> (unread)</span>}
              </p>
              <p className={styles.itemBody}>{item.body}</p>
              <p className={styles.itemMeta}>{when.format(item.createdAt)}</p>
              <div className={styles.itemActions}>
                {item.read ? null : (
                  <button type="button" className="button" onClick={() => markRead.mutate({ id: item.id })} disabled={markRead.isPending} aria-label={`Mark “${item.title}” read`}>
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
