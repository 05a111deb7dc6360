import { handleItemWebhook } from "./handle-item-webhook";
import { handleLiabilitiesWebhook } from "./handle-liabilities-webhook";
import { handleTransactionsWebhook } from "./handle-transactions-webhook";
import { unhandledWebhook } from "./unhandled-webhook";
import type { WebhookHandler } from "./webhook-decision";

const HANDLERS: Record<string, WebhookHandler> = {
  TRANSACTIONS: handleTransactionsWebhook,
  ITEM: handleItemWebhook,
  LIABILITIES: handleLiabilitiesWebhook,
};

/** One handler per webhook type, so "what do we do on ITEM/ERROR?" has one answer. */
export function handlerFor(webhookType: string): WebhookHandler {
  return HANDLERS[webhookType] ?? unhandledWebhook;
}
