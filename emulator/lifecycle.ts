import { randomUUID } from "node:crypto";
import { type Emulator } from "./context";
import { embeddedError, type KnownErrorCode } from "./errors";
import { type Changes } from "./generate/activity";
import { isoDate } from "./generate/dates";
import { seededRng } from "./generate/random";
import { isLiabilityAccount } from "./products/liabilities";
import { consentedProducts } from "./products/consent";
import { changedStreamAccounts, recurringStreams, streamFingerprint } from "./products/recurring-streams";
import { applyChanges, opChanges } from "./state/item-data";
import { type ItemOp, type ItemRecord } from "./state/schema";
import { webhookPayload } from "./webhooks/events";

// What happens to an item over its life: created by Link or the sandbox, activated by the token
// exchange, ready after a delay, changed by activity and controls, broken and repaired. Each step
// sends the webhook Plaid would send at that moment.

const PUBLIC_TOKEN_TTL_MS = 30 * 60 * 1000;

export interface NewItem {
  institutionId: string;
  username: string;
  webhook: string | null;
  products: string[];
  selectedAccountIds: string[] | null;
  /** Consented products beyond `products` (optional, additional); default: `products`. */
  consentedProducts?: string[];
  /** Reserved earlier (Link shows accounts before the item exists); a fresh one otherwise. */
  ordinal?: number;
}

export function createItem(emu: Emulator, input: NewItem): ItemRecord {
  const ordinal = input.ordinal ?? emu.store.nextOrdinal();
  const item: ItemRecord = {
    // Item ids are deterministic (seed + order) so the same scenario produces the same ids.
    itemId: seededRng(emu.options.seed, ordinal, "item").id(),
    accessToken: `access-sandbox-${randomUUID()}`,
    seed: emu.options.seed,
    ordinal,
    institutionId: input.institutionId,
    username: input.username,
    createdAt: emu.clock.now(),
    webhook: input.webhook,
    products: input.products,
    selectedAccountIds: input.selectedAccountIds,
    readyAt: null,
    ready: false,
    exchanged: false,
    removed: false,
    error: null,
    consentExpirationTime: null,
    lastWebhook: null,
    lastSuccessfulUpdate: null,
    advanceSteps: 0,
    ops: [],
    consentedProducts: input.consentedProducts ?? input.products,
    mortgage: (input.consentedProducts ?? input.products).includes("liabilities"),
    // With a history delay the initial update carries recent days only (see completeHistory).
    splitHistory: emu.options.historyDelayMs > 0,
    historyComplete: !(emu.options.historyDelayMs > 0),
    historyAt: null,
    recurringFingerprint: null,
    recurringUpdatedAt: null,
    liabilityChanges: {},
    withheldProducts: [],
    revokedAccountIds: [],
    pendingDisconnect: null,
  };
  emu.store.addItem(item);
  return item;
}

export function issuePublicToken(emu: Emulator, item: ItemRecord, updateMode: boolean): string {
  const token = `public-sandbox-${randomUUID()}`;
  emu.store.publicTokens.set(token, { token, itemId: item.itemId, expiresAt: emu.clock.now() + PUBLIC_TOKEN_TTL_MS, used: false, updateMode });
  emu.store.changed();
  return token;
}

/** The exchange starts the clock on the item's initial pull (readyDelayMs × timeScale). */
export function activateItem(emu: Emulator, item: ItemRecord): void {
  item.exchanged = true;
  const delay = Math.round(emu.options.readyDelayMs * emu.options.timeScale);
  item.readyAt = emu.clock.now() + delay;
  emu.store.changed();
  if (delay <= 0) markReady(emu, item);
  else emu.later(delay, () => markReady(emu, item));
}

/** Called by the timer, and lazily by any request, so readiness never depends on timer precision. */
export function checkReady(emu: Emulator, item: ItemRecord): void {
  if (!item.ready && item.readyAt !== null && emu.clock.now() >= item.readyAt) markReady(emu, item);
}

/**
 * The initial update is done: transactions (the recent RECENT_DAYS days for a split item, else
 * everything) can be synced. A split item's older history follows `historyDelayMs × timeScale`
 * later (completeHistory), as Plaid's historical update does.
 */
export function markReady(emu: Emulator, item: ItemRecord): void {
  if (item.ready || item.removed || emu.store.items.get(item.itemId) !== item) return;
  item.ready = true;
  item.readyAt ??= emu.clock.now();
  item.lastSuccessfulUpdate = new Date(emu.clock.now()).toISOString();
  if (!item.historyComplete) {
    const delay = Math.round(emu.options.historyDelayMs * emu.options.timeScale);
    item.historyAt = emu.clock.now() + delay;
    emu.later(delay, () => completeHistory(emu, item));
  }
  emu.store.changed();
  sendItemWebhook(emu, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdateFlags(item));
  if (consentedProducts(item).includes("liabilities")) {
    const accountIds = emu.store.data(item).accounts.filter(isLiabilityAccount).map((account) => account.accountId);
    sendItemWebhook(emu, item, "LIABILITIES", "DEFAULT_UPDATE", { account_ids_with_new_liabilities: accountIds, account_ids_with_updated_liabilities: {} });
  }
}

function syncUpdateFlags(item: ItemRecord): Record<string, boolean> {
  return { initial_update_complete: true, historical_update_complete: item.historyComplete };
}

/** The historical update: the older transactions arrive and the app hears about them. */
export function completeHistory(emu: Emulator, item: ItemRecord): void {
  if (item.historyComplete || !item.ready || item.removed || emu.store.items.get(item.itemId) !== item) return;
  const data = emu.store.data(item);
  const op: ItemOp = { type: "history" };
  item.ops.push(op);
  applyChanges(data, opChanges(item, data, op));
  item.historyComplete = true;
  item.historyAt = null;
  item.lastSuccessfulUpdate = new Date(emu.clock.now()).toISOString();
  emu.store.changed();
  sendItemWebhook(emu, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdateFlags(item));
  noticeRecurringChange(emu, item);
}

/** Lazily, like checkReady: a request after the due time sees the history even if no timer ran. */
export function checkHistory(emu: Emulator, item: ItemRecord): void {
  if (!item.historyComplete && item.historyAt !== null && emu.clock.now() >= item.historyAt) completeHistory(emu, item);
}

/**
 * RECURRING_TRANSACTIONS_UPDATE when the streams differ from what the item last saw, naming the
 * accounts whose streams changed. Only after the app's first /transactions/recurring/get (which
 * records the fingerprint): Plaid's docs sequence it that way, and items that never use recurring
 * transactions get no extra deliveries.
 */
export function noticeRecurringChange(emu: Emulator, item: ItemRecord, notify = true): void {
  if (item.recurringFingerprint === null || !item.historyComplete) return;
  const next = streamFingerprint(recurringStreams(item, emu.store.data(item), isoDate(emu.clock.now())));
  const changed = changedStreamAccounts(item.recurringFingerprint, next);
  if (changed.length === 0) return;
  item.recurringFingerprint = next;
  item.recurringUpdatedAt = emu.clock.now();
  emu.store.changed();
  if (notify) sendItemWebhook(emu, item, "TRANSACTIONS", "RECURRING_TRANSACTIONS_UPDATE", { account_ids: changed });
}

/** Applies one change to an item's transactions and tells the app, as Plaid does after new data. */
export function changeItemData(emu: Emulator, item: ItemRecord, op: ItemOp, notify = true): Changes & { applied: number } {
  const data = emu.store.data(item);
  const changes = opChanges(item, data, op);
  item.ops.push(op);
  const applied = applyChanges(data, changes);
  item.lastSuccessfulUpdate = new Date(emu.clock.now()).toISOString();
  emu.store.changed();
  if (notify && item.ready && applied > 0) {
    sendItemWebhook(emu, item, "TRANSACTIONS", "SYNC_UPDATES_AVAILABLE", syncUpdateFlags(item));
  }
  if (applied > 0) noticeRecurringChange(emu, item, notify);
  return { ...changes, applied };
}

export function advanceItem(emu: Emulator, item: ItemRecord, notify = true): Changes & { applied: number } {
  item.advanceSteps += 1;
  return changeItemData(emu, item, { type: "advance", step: item.advanceSteps, date: isoDate(emu.clock.now()) }, notify);
}

/** Sends a webhook to the item's URL; items without one get none, as at Plaid. */
export function sendItemWebhook(emu: Emulator, item: ItemRecord, type: string, code: string, extra: Record<string, unknown> = {}): number | null {
  if (item.webhook === null || item.webhook === "") return null;
  const accountIds = emu.store.data(item).accounts.map((account) => account.accountId);
  const delivery = emu.webhooks.send(item.webhook, item.itemId, webhookPayload(type, code, item, accountIds, extra));
  item.lastWebhook = { sentAt: new Date().toISOString(), code };
  emu.store.changed();
  return delivery.id;
}

export type ItemState = "healthy" | "login_required" | "pending_expiration" | "pending_disconnect" | "revoked";

export type PendingDisconnectReason = "INSTITUTION_MIGRATION" | "INSTITUTION_TOKEN_EXPIRATION";

export function setItemState(
  emu: Emulator,
  item: ItemRecord,
  state: ItemState,
  options: { consentExpirationTime?: string; notify?: boolean; reason?: PendingDisconnectReason; disconnectTime?: string } = {},
): void {
  const notify = options.notify ?? true;
  switch (state) {
    case "healthy":
      item.error = null;
      item.consentExpirationTime = null;
      item.pendingDisconnect = null;
      break;
    case "login_required":
      setItemError(emu, item, "ITEM_LOGIN_REQUIRED", notify);
      break;
    case "pending_expiration":
      item.consentExpirationTime = options.consentExpirationTime ?? new Date(emu.clock.now() + 7 * 86_400_000).toISOString();
      if (notify) sendItemWebhook(emu, item, "ITEM", "PENDING_EXPIRATION", { consent_expiration_time: item.consentExpirationTime });
      break;
    case "pending_disconnect": {
      // Plaid sends it 7 days ahead. /item/get shows nothing for a migration; for an expiring US/CA
      // token it shows the consent expiry.
      const reason = options.reason ?? "INSTITUTION_TOKEN_EXPIRATION";
      const disconnectTime = options.disconnectTime ?? new Date(emu.clock.now() + 7 * 86_400_000).toISOString();
      item.pendingDisconnect = { reason, disconnectTime };
      if (reason === "INSTITUTION_TOKEN_EXPIRATION") item.consentExpirationTime = disconnectTime;
      if (notify) sendItemWebhook(emu, item, "ITEM", "PENDING_DISCONNECT", { reason, disconnect_time: disconnectTime });
      break;
    }
    case "revoked":
      // The user revoked access at the bank. As at Plaid the item still exists (and is billed)
      // until the app calls /item/remove; until then its calls answer USER_PERMISSION_REVOKED.
      item.error = "USER_PERMISSION_REVOKED";
      if (notify) sendItemWebhook(emu, item, "ITEM", "USER_PERMISSION_REVOKED", { error: embeddedError("USER_PERMISSION_REVOKED") });
      break;
  }
  emu.store.changed();
}

export function setItemError(emu: Emulator, item: ItemRecord, code: KnownErrorCode, notify = true): void {
  item.error = code;
  emu.store.changed();
  if (notify) sendItemWebhook(emu, item, "ITEM", "ERROR", { error: embeddedError(code) });
}

/**
 * The user revoked one account at the bank: it is no longer listed, and the app hears
 * USER_ACCOUNT_REVOKED with its account_id. Update mode does not bring it back here.
 */
export function revokeAccount(emu: Emulator, item: ItemRecord, accountId: string, notify = true): void {
  if (!item.revokedAccountIds.includes(accountId)) item.revokedAccountIds = [...item.revokedAccountIds, accountId];
  const data = emu.store.data(item);
  data.accounts = data.accounts.filter((account) => account.accountId !== accountId);
  emu.store.changed();
  if (notify) sendItemWebhook(emu, item, "ITEM", "USER_ACCOUNT_REVOKED", { account_id: accountId });
}

/** The user withheld (or, through update mode, granted) an OAuth product permission at the bank. */
export function withholdProduct(emu: Emulator, item: ItemRecord, product: string): void {
  if (!item.withheldProducts.includes(product)) item.withheldProducts = [...item.withheldProducts, product];
  emu.store.changed();
}

/** Update mode finished: the login works again, any consent expiry is renewed, withheld permissions are granted. */
export function repairItem(emu: Emulator, item: ItemRecord): void {
  const wasBroken = item.error !== null || item.consentExpirationTime !== null || item.pendingDisconnect !== null;
  item.error = null;
  item.consentExpirationTime = null;
  item.pendingDisconnect = null;
  item.withheldProducts = [];
  emu.store.changed();
  if (wasBroken) sendItemWebhook(emu, item, "ITEM", "LOGIN_REPAIRED");
}
