import { and, count, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { notifications } from "@/db/schema";
import type { NotificationKind } from "./kinds";

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  linkPath: string | null;
  createdAt: Date;
  read: boolean;
}

/** The bell's badge: unread notifications of this user. */
export async function countUnread(db: Queryable, userId: string): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** Newest first, `limit` at a time; `before` is the last id of the previous page. */
export async function listNotifications(db: Queryable, userId: string, page: { limit: number; before?: number }): Promise<NotificationView[]> {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      body: notifications.body,
      linkPath: notifications.linkPath,
      createdAt: notifications.createdAt,
      readAt: notifications.readAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, userId),
        page.before === undefined
          ? undefined
          : or(
              lt(notifications.createdAt, sql`(select created_at from notifications where id = ${page.before} and user_id = ${userId})`),
              and(eq(notifications.createdAt, sql`(select created_at from notifications where id = ${page.before} and user_id = ${userId})`), lt(notifications.id, page.before)),
            ),
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(page.limit);
  return rows.map(({ readAt, ...row }) => ({ ...row, read: readAt !== null }));
}

/** Marks one of the user's notifications read; false when it is not theirs (or does not exist). */
export async function markRead(db: Queryable, userId: string, id: number): Promise<boolean> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning({ id: notifications.id });
  return updated.length > 0;
}

export async function markAllRead(db: Queryable, userId: string): Promise<number> {
  const updated = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return updated.length;
}
