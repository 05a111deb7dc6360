import { pendingDisconnectWebhookSchema, userAccountRevokedWebhookSchema } from "./schemas";
import type { WebhookDecision, WebhookHandler } from "./webhook-decision";

// Deliveries arrive out of order (an ERROR after its LOGIN_REPAIRED), so none of these sets the
// status itself: each queues a refresh that reads the truth from /item/get.
const REFRESH_ON = new Set([
  "ERROR",
  "PENDING_EXPIRATION",
  "PENDING_DISCONNECT",
  "USER_PERMISSION_REVOKED",
  "USER_ACCOUNT_REVOKED",
  "LOGIN_REPAIRED",
  "NEW_ACCOUNTS_AVAILABLE",
]);

// Plaid sends PENDING_DISCONNECT seven days ahead; the date it names wins when present.
const DISCONNECT_NOTICE_MS = 7 * 24 * 60 * 60 * 1000;

/** ITEM/*: the item's health may have changed. */
export const handleItemWebhook: WebhookHandler = (envelope): WebhookDecision => {
  if (!REFRESH_ON.has(envelope.webhook_code)) return { work: null, note: "nothing to do for this item code" };
  const decision: WebhookDecision = {
    work: "refresh-item",
    note: envelope.webhook_code,
    // /item/get cannot tell us this, so the webhook is the only source: offer "add accounts".
    flagNewAccounts: envelope.webhook_code === "NEW_ACCOUNTS_AVAILABLE",
  };
  // Neither can /item/get tell of an institution's migration: the webhook is the only record.
  const pending = pendingDisconnectWebhookSchema.safeParse(envelope);
  if (pending.success) {
    const at = pending.data.disconnect_time ? new Date(pending.data.disconnect_time) : new Date(Date.now() + DISCONNECT_NOTICE_MS);
    decision.pendingDisconnect = { reason: pending.data.reason ?? "UNKNOWN", at };
  }
  const revoked = userAccountRevokedWebhookSchema.safeParse(envelope);
  if (revoked.success) decision.revokedAccountId = revoked.data.account_id;
  return decision;
};
