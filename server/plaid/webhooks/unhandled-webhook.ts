import type { WebhookDecision, WebhookHandler } from "./webhook-decision";

/** Types we do not act on are still recorded and answered 200, so Plaid keeps delivering. */
export const unhandledWebhook: WebhookHandler = (envelope): WebhookDecision => ({
  work: null,
  note: `unhandled webhook type ${envelope.webhook_type}`,
});
