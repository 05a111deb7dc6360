import { z } from "zod";

/**
 * What every Plaid webhook has. Loose on purpose: Plaid adds fields and types over time, and a
 * genuine delivery we do not understand must still be recorded and answered 200.
 */
export const webhookEnvelopeSchema = z.looseObject({
  webhook_type: z.string().min(1).max(100),
  webhook_code: z.string().min(1).max(100),
  item_id: z.string().min(1).max(200).nullish(),
  environment: z.string().nullish(),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelopeSchema>;

const plaidErrorSchema = z.looseObject({
  error_type: z.string().nullish(),
  error_code: z.string().nullish(),
  error_message: z.string().nullish(),
});

export const syncUpdatesAvailableSchema = z.looseObject({
  webhook_type: z.literal("TRANSACTIONS"),
  webhook_code: z.literal("SYNC_UPDATES_AVAILABLE"),
  item_id: z.string(),
  initial_update_complete: z.boolean().nullish(),
  historical_update_complete: z.boolean().nullish(),
});

export const itemErrorWebhookSchema = z.looseObject({
  webhook_type: z.literal("ITEM"),
  webhook_code: z.literal("ERROR"),
  item_id: z.string(),
  error: plaidErrorSchema.nullish(),
});

export const pendingDisconnectWebhookSchema = z.looseObject({
  webhook_type: z.literal("ITEM"),
  webhook_code: z.literal("PENDING_DISCONNECT"),
  item_id: z.string(),
  // INSTITUTION_MIGRATION | INSTITUTION_TOKEN_EXPIRATION today; Plaid may add more.
  reason: z.string().min(1).max(100).nullish(),
  disconnect_time: z.iso.datetime({ offset: true }).nullish().catch(null),
});

export const userAccountRevokedWebhookSchema = z.looseObject({
  webhook_type: z.literal("ITEM"),
  webhook_code: z.literal("USER_ACCOUNT_REVOKED"),
  item_id: z.string(),
  account_id: z.string().min(1).max(200),
});

export const pendingExpirationWebhookSchema = z.looseObject({
  webhook_type: z.literal("ITEM"),
  webhook_code: z.literal("PENDING_EXPIRATION"),
  item_id: z.string(),
  consent_expiration_time: z.string().nullish(),
});
