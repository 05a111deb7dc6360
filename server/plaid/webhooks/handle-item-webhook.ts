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

/** ITEM/*: the item's health may have changed. */
export const handleItemWebhook: WebhookHandler = (envelope): WebhookDecision => {
  if (!REFRESH_ON.has(envelope.webhook_code)) return { work: null, note: "nothing to do for this item code" };
  return {
    work: "refresh-item",
    note: envelope.webhook_code,
    // /item/get cannot tell us this, so the webhook is the only source: offer "add accounts".
    flagNewAccounts: envelope.webhook_code === "NEW_ACCOUNTS_AVAILABLE",
  };
};
