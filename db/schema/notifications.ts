// ── Notifications (issue 17, section 3) ──────────────────────────────────────────────────────
// A notification is written in the same transaction as the event that caused it, together with
// its email_outbox row when the user wants that kind by email: no email is lost when SMTP is down,
// and a rolled-back event leaves neither. Texts never carry account numbers or amounts (see
// server/notifications/notification-text.ts).
import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "../schema";

export const notificationKind = pgEnum("notification_kind", [
  "reconnect_needed",
  "new_accounts",
  "bill_due",
  "payment_overdue",
  "low_balance",
  "large_transaction",
  "sync_failing",
]);

export const notifications = pgTable(
  "notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    // Names the event (e.g. `bill_due:<stream>:<date>`): the same event never notifies twice,
    // however often a webhook is retried or the scan runs.
    dedupeKey: text("dedupe_key").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    // An in-app path (`/accounts`), never an absolute URL.
    linkPath: text("link_path"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    readAt: timestamp("read_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("notifications_user_dedupe_idx").on(t.userId, t.dedupeKey),
    // The bell's list (newest first) and its unread count.
    index("notifications_user_created_idx").on(t.userId, t.createdAt.desc(), t.id.desc()),
    index("notifications_user_unread_idx")
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/** No row for a kind = the defaults in server/notifications/kinds.ts. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: notificationKind("kind").notNull(),
    inApp: boolean("in_app").notNull(),
    email: boolean("email").notNull(),
    // Email once a day with everything of this kind instead of one email per notification.
    dailyDigest: boolean("daily_digest").notNull().default(false),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

export const emailState = pgEnum("email_state", ["pending", "sending", "sent", "failed"]);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    // One of: the notification it tells of, or a digest (digest_day set, notification null).
    notificationId: bigint("notification_id", { mode: "number" }).references(() => notifications.id, { onDelete: "cascade" }),
    digestDay: text("digest_day"),
    // `notification:<id>` or `digest:<user>:<day>`: also the Message-ID, so a resend after a crash
    // between "SMTP accepted" and "marked sent" is recognisably the same message.
    idempotencyKey: text("idempotency_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body").notNull(),
    // What the message's unsubscribe link and List-Unsubscribe header turn off: its kind, or
    // "digest" (the daily digest email of every kind).
    unsubscribeKind: text("unsubscribe_kind").notNull(),
    state: emailState("state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    // A claim: whoever holds an unexpired lease is sending; a lease that ran out is claimable again.
    claimedBy: text("claimed_by"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true, mode: "date" }),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }),
    // The SMTP error's class and code only (server/notifications/sanitize-smtp-error.ts).
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    index("email_outbox_due_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.state} in ('pending', 'sending')`),
    index("email_outbox_notification_idx").on(t.notificationId),
  ],
);
