import { eq, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { notificationPreferences } from "@/db/schema";
import { KIND_INFO, NOTIFICATION_KINDS, type KindPreference, type NotificationKind, type UnsubscribeTarget } from "./kinds";

export interface KindSetting extends KindPreference {
  kind: NotificationKind;
  label: string;
  description: string;
}

/** Every kind with the user's choice, or the kind's default where they have not chosen. */
export async function listPreferences(db: Queryable, userId: string): Promise<KindSetting[]> {
  const rows = await db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, userId));
  const chosen = new Map(rows.map((row) => [row.kind, row]));
  return NOTIFICATION_KINDS.map((kind) => {
    const row = chosen.get(kind);
    const preference = row ? { inApp: row.inApp, email: row.email, dailyDigest: row.dailyDigest } : KIND_INFO[kind].defaults;
    return { kind, label: KIND_INFO[kind].label, description: KIND_INFO[kind].description, ...preference };
  });
}

export async function setPreference(db: Queryable, userId: string, kind: NotificationKind, preference: KindPreference): Promise<void> {
  await db
    .insert(notificationPreferences)
    .values({ userId, kind, ...preference })
    .onConflictDoUpdate({
      target: [notificationPreferences.userId, notificationPreferences.kind],
      set: { inApp: preference.inApp, email: preference.email, dailyDigest: preference.dailyDigest, updatedAt: sql`now()` },
    });
}

/**
 * Turns off email for one kind, or for every kind the user gets in the daily digest ("digest").
 * In-app notifications stay as they were. Answers the kinds it turned off.
 */
export async function turnOffEmail(db: Queryable, userId: string, target: UnsubscribeTarget): Promise<NotificationKind[]> {
  const current = await listPreferences(db, userId);
  const affected = current.filter((setting) => (target === "digest" ? setting.email && setting.dailyDigest : setting.kind === target));
  for (const setting of affected) {
    await setPreference(db, userId, setting.kind, { inApp: setting.inApp, email: false, dailyDigest: setting.dailyDigest });
  }
  return affected.map((setting) => setting.kind);
}
