import type { WebhookDecision, WebhookHandler } from "./webhook-decision";
import { syncUpdatesAvailableSchema, type WebhookEnvelope } from "./schemas";

// The legacy codes still arrive alongside SYNC_UPDATES_AVAILABLE; each is only a hint that
// /transactions/sync has something, and queued syncs coalesce, so they cost nothing extra.
const SYNC_HINTS = new Set(["SYNC_UPDATES_AVAILABLE", "INITIAL_UPDATE", "HISTORICAL_UPDATE", "DEFAULT_UPDATE", "TRANSACTIONS_REMOVED"]);

/** What a hint says of the item's history: the flags of SYNC_UPDATES_AVAILABLE, or the legacy codes' meaning. */
function historyProgressOf(envelope: WebhookEnvelope): { initial: boolean; historical: boolean } | undefined {
  if (envelope.webhook_code === "INITIAL_UPDATE") return { initial: true, historical: false };
  if (envelope.webhook_code === "HISTORICAL_UPDATE") return { initial: true, historical: true };
  const details = syncUpdatesAvailableSchema.safeParse(envelope);
  if (!details.success) return undefined;
  return { initial: details.data.initial_update_complete === true, historical: details.data.historical_update_complete === true };
}

/**
 * TRANSACTIONS/*: something changed at Plaid, so sync the item from its stored cursor (recording
 * how far its history has arrived); RECURRING_TRANSACTIONS_UPDATE: fetch its recurring streams.
 */
export const handleTransactionsWebhook: WebhookHandler = (envelope): WebhookDecision => {
  if (envelope.webhook_code === "RECURRING_TRANSACTIONS_UPDATE") return { work: "fetch-recurring", note: "recurring streams changed" };
  if (!SYNC_HINTS.has(envelope.webhook_code)) return { work: null, note: "unhandled transactions code" };
  const historyProgress = historyProgressOf(envelope);
  const note = historyProgress ? `initial=${String(historyProgress.initial)} historical=${String(historyProgress.historical)}` : envelope.webhook_code;
  return { work: "sync-transactions", note, ...(historyProgress ? { historyProgress } : {}) };
};
