import type { WebhookDecision, WebhookHandler } from "./webhook-decision";
import { syncUpdatesAvailableSchema } from "./schemas";

// The legacy codes still arrive alongside SYNC_UPDATES_AVAILABLE; each is only a hint that
// /transactions/sync has something, and queued syncs coalesce, so they cost nothing extra.
const SYNC_HINTS = new Set(["SYNC_UPDATES_AVAILABLE", "INITIAL_UPDATE", "HISTORICAL_UPDATE", "DEFAULT_UPDATE", "TRANSACTIONS_REMOVED"]);

/** TRANSACTIONS/*: something changed at Plaid, so sync the item from its stored cursor. */
export const handleTransactionsWebhook: WebhookHandler = (envelope): WebhookDecision => {
  if (!SYNC_HINTS.has(envelope.webhook_code)) return { work: null, note: "unhandled transactions code" };
  const details = syncUpdatesAvailableSchema.safeParse(envelope);
  const note = details.success
    ? `initial=${String(details.data.initial_update_complete ?? "?")} historical=${String(details.data.historical_update_complete ?? "?")}`
    : envelope.webhook_code;
  return { work: "sync-transactions", note };
};
