import { notificationKind } from "@/db/schema";

export const NOTIFICATION_KINDS = notificationKind.enumValues;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface KindPreference {
  inApp: boolean;
  email: boolean;
  dailyDigest: boolean;
}

interface KindInfo {
  /** The settings row and the email's unsubscribe page name the kind this way. */
  label: string;
  description: string;
  defaults: KindPreference;
}

// Broken connections and overdue payments cost money when missed: by email at once by default.
// The rest are useful but not urgent: in the app, and by email only if the user asks.
export const KIND_INFO: Record<NotificationKind, KindInfo> = {
  reconnect_needed: {
    label: "Connection needs attention",
    description: "A bank asks you to sign in again, or consent is about to expire or be disconnected.",
    defaults: { inApp: true, email: true, dailyDigest: false },
  },
  new_accounts: {
    label: "New accounts available",
    description: "A connected bank has accounts you have not shared yet.",
    defaults: { inApp: true, email: false, dailyDigest: false },
  },
  bill_due: {
    label: "Bill due soon",
    description: "A recurring payment or a card or loan payment is due within a few days.",
    defaults: { inApp: true, email: true, dailyDigest: true },
  },
  payment_overdue: {
    label: "Payment overdue",
    description: "A card or loan is marked overdue by your bank.",
    defaults: { inApp: true, email: true, dailyDigest: false },
  },
  low_balance: {
    label: "Projected low balance",
    description: "Your cash is projected to fall below zero in the coming weeks.",
    defaults: { inApp: true, email: false, dailyDigest: false },
  },
  large_transaction: {
    label: "Unusually large transaction",
    description: "Money out of an account well above what it usually spends at once.",
    defaults: { inApp: true, email: false, dailyDigest: false },
  },
  sync_failing: {
    label: "Updates failing",
    description: "A connection has not updated for more than a day.",
    defaults: { inApp: true, email: true, dailyDigest: false },
  },
};

/** What an unsubscribe token turns off: one kind's emails, or the daily digest email. */
export type UnsubscribeTarget = NotificationKind | "digest";

export function isUnsubscribeTarget(value: string): value is UnsubscribeTarget {
  return value === "digest" || (NOTIFICATION_KINDS as readonly string[]).includes(value);
}
