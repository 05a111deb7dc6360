import { eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems } from "@/db/schema";
import { notify, type NotificationEvent } from "./notify";

const dayOf = (date: Date) => date.toISOString().slice(0, 10);
const longDate = (date: Date) => new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(date);

/**
 * What the item's stored state says the user should hear about, each with a key naming the event:
 * - login required: once per item per day while it stays broken (a daily reminder at most);
 * - consent expiring / disconnect pending: once per item per announced date;
 * - new accounts: once per item per day the flag is found set.
 */
export function itemHealthEvents(
  item: {
    id: string;
    userId: string;
    institutionName: string | null;
    status: string;
    consentExpiresAt: Date | null;
    pendingDisconnectAt: Date | null;
    newAccountsAvailable: boolean;
  },
  now: Date,
): NotificationEvent[] {
  const bank = item.institutionName ?? "Your bank";
  const base = { userId: item.userId, linkPath: "/accounts" };
  const events: NotificationEvent[] = [];
  if (item.status === "login_required") {
    events.push({
      ...base,
      kind: "reconnect_needed",
      dedupeKey: `login_required:${item.id}:${dayOf(now)}`,
      title: `Reconnect ${bank}`,
      body: `${bank} needs you to sign in again before Ledgerlink can update it.`,
    });
  }
  if (item.status === "pending_expiration" && item.consentExpiresAt) {
    events.push({
      ...base,
      kind: "reconnect_needed",
      dedupeKey: `pending_expiration:${item.id}:${dayOf(item.consentExpiresAt)}`,
      title: `${bank} access expires on ${longDate(item.consentExpiresAt)}`,
      body: `Renew your consent for ${bank} before ${longDate(item.consentExpiresAt)} to keep it updating.`,
    });
  }
  if (item.pendingDisconnectAt) {
    events.push({
      ...base,
      kind: "reconnect_needed",
      dedupeKey: `pending_disconnect:${item.id}:${dayOf(item.pendingDisconnectAt)}`,
      title: `${bank} will disconnect on ${longDate(item.pendingDisconnectAt)}`,
      body: `Reconnect ${bank} before ${longDate(item.pendingDisconnectAt)} to keep it updating.`,
    });
  }
  if (item.newAccountsAvailable) {
    events.push({
      ...base,
      kind: "new_accounts",
      dedupeKey: `new_accounts:${item.id}:${dayOf(now)}`,
      title: `New accounts at ${bank}`,
      body: `${bank} has accounts you have not shared with Ledgerlink yet. Add them from Accounts.`,
    });
  }
  return events;
}

/**
 * Call right after recording an item's status, with the same handle (the transaction that wrote
 * it): reads what is stored now and notifies what it calls for. Repeats are absorbed by the
 * dedupe keys, so every place that records item health can call it.
 */
export async function notifyItemHealth(db: Queryable, itemId: string, now: Date = new Date()): Promise<void> {
  const [item] = await db
    .select({
      id: plaidItems.id,
      userId: plaidItems.userId,
      institutionName: plaidItems.institutionName,
      status: plaidItems.status,
      consentExpiresAt: plaidItems.consentExpiresAt,
      pendingDisconnectAt: plaidItems.pendingDisconnectAt,
      newAccountsAvailable: plaidItems.newAccountsAvailable,
      removedAt: plaidItems.removedAt,
    })
    .from(plaidItems)
    .where(eq(plaidItems.id, itemId));
  if (!item || item.removedAt) return;
  for (const event of itemHealthEvents(item, now)) await notify(db, event);
}
