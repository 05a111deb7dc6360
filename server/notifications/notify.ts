import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { emailOutbox, notificationPreferences, notifications, users } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { KIND_INFO, type KindPreference, type NotificationKind } from "./kinds";
import { mailSettingsFromEnv, type MailSettings } from "./mail-settings";
import { renderNotificationEmail } from "./render-email";

export interface NotificationEvent {
  userId: string;
  kind: NotificationKind;
  /** Names the event: a second notify() with the same key for the same user writes nothing. */
  dedupeKey: string;
  title: string;
  /** Plain words; never an account number, and no amount the user did not choose to see. */
  body: string;
  /** An in-app path such as `/accounts`. */
  linkPath?: string;
}

export type NotifyOutcome = { status: "written"; notificationId: number; email: "queued" | "digest" | "off" } | { status: "duplicate" | "muted" };

/** The queue job that drains email_outbox (server/notifications/deliver-outbox.ts). */
export const SEND_EMAIL_JOB = { kind: "send-email", key: "outbox" } as const;

export async function preferenceFor(db: Queryable, userId: string, kind: NotificationKind): Promise<KindPreference> {
  const [row] = await db
    .select({ inApp: notificationPreferences.inApp, email: notificationPreferences.email, dailyDigest: notificationPreferences.dailyDigest })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind)));
  return row ?? KIND_INFO[kind].defaults;
}

/**
 * Writes a notification, and its email when the user wants this kind by email right away, with
 * the caller's handle: pass the transaction that records the event, so both commit or neither
 * does (a rolled-back event leaves no notification and no email). The email is queued, never
 * sent here: SMTP being down must not fail or slow the event. Kinds with in-app off are kept as
 * already read (no badge), so the email's record is still there.
 */
export async function notify(db: Queryable, event: NotificationEvent, settings: MailSettings = mailSettingsFromEnv()): Promise<NotifyOutcome> {
  const preference = await preferenceFor(db, event.userId, event.kind);
  const emailNow = settings.enabled && preference.email && !preference.dailyDigest;
  if (!preference.inApp && !preference.email) return { status: "muted" };
  const [row] = await db
    .insert(notifications)
    .values({
      userId: event.userId,
      kind: event.kind,
      dedupeKey: event.dedupeKey,
      title: event.title,
      body: event.body,
      linkPath: event.linkPath ?? null,
      readAt: preference.inApp ? null : sql`now()`,
    })
    .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
    .returning({ id: notifications.id });
  if (!row) return { status: "duplicate" };
  if (!emailNow) return { status: "written", notificationId: row.id, email: preference.email && settings.enabled ? "digest" : "off" };

  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, event.userId));
  if (!user) return { status: "written", notificationId: row.id, email: "off" };
  const content = renderNotificationEmail(settings, event.userId, { kind: event.kind, title: event.title, body: event.body, linkPath: event.linkPath ?? null });
  await db.insert(emailOutbox).values({
    userId: event.userId,
    notificationId: row.id,
    idempotencyKey: `notification:${row.id}`,
    toAddress: user.email,
    subject: content.subject,
    textBody: content.text,
    htmlBody: content.html,
    unsubscribeKind: event.kind,
  });
  // Same transaction: the sender job exists exactly when there is something to send.
  await enqueueJob(db, SEND_EMAIL_JOB);
  return { status: "written", notificationId: row.id, email: "queued" };
}
