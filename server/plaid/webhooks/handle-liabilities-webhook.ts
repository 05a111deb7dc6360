import type { WebhookDecision, WebhookHandler } from "./webhook-decision";

/**
 * LIABILITIES/DEFAULT_UPDATE: new or changed liabilities on some accounts. A hint like any other:
 * the job fetches the item's whole set, so which accounts the delivery names does not matter.
 */
export const handleLiabilitiesWebhook: WebhookHandler = (envelope): WebhookDecision => {
  if (envelope.webhook_code !== "DEFAULT_UPDATE") return { work: null, note: "unhandled liabilities code" };
  return { work: "fetch-liabilities", note: "liabilities changed" };
};
