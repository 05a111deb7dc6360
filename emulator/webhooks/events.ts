import { embeddedError, isKnownErrorCode } from "../errors";
import { type ItemRecord } from "../state/schema";

export interface WebhookPayload extends Record<string, unknown> {
  webhook_type: string;
  webhook_code: string;
}

// The per-code fields Plaid includes, so a webhook fired by a control or by `/sandbox/item/fire_webhook`
// has the same shape as one Plaid would send; `extra` (from the caller) wins over these defaults.
function defaultFields(type: string, code: string, item: ItemRecord, accountIds: readonly string[]): Record<string, unknown> {
  const firstAccountId = accountIds[0] ?? null;
  const inSevenDays = new Date(Date.now() + 7 * 86_400_000).toISOString();
  switch (`${type}/${code}`) {
    case "TRANSACTIONS/SYNC_UPDATES_AVAILABLE":
      return { initial_update_complete: true, historical_update_complete: true };
    case "TRANSACTIONS/INITIAL_UPDATE":
    case "TRANSACTIONS/HISTORICAL_UPDATE":
    case "TRANSACTIONS/DEFAULT_UPDATE":
      return { error: null, new_transactions: 0 };
    case "TRANSACTIONS/TRANSACTIONS_REMOVED":
      return { error: null, removed_transactions: [] };
    case "TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE":
      return { account_ids: accountIds };
    case "LIABILITIES/DEFAULT_UPDATE":
      return { error: null, account_ids_with_new_liabilities: [], account_ids_with_updated_liabilities: {} };
    case "ITEM/ERROR":
      return { error: embeddedError(item.error !== null && isKnownErrorCode(item.error) ? item.error : "ITEM_LOGIN_REQUIRED") };
    case "ITEM/PENDING_EXPIRATION":
      return { consent_expiration_time: item.consentExpirationTime ?? inSevenDays };
    case "ITEM/PENDING_DISCONNECT":
      return { reason: "INSTITUTION_TOKEN_EXPIRATION", disconnect_time: inSevenDays };
    case "ITEM/USER_PERMISSION_REVOKED":
      return { error: embeddedError("USER_PERMISSION_REVOKED") };
    case "ITEM/USER_ACCOUNT_REVOKED":
      return { account_id: firstAccountId };
    case "ITEM/NEW_ACCOUNTS_AVAILABLE":
      return { error: null };
    case "ITEM/WEBHOOK_UPDATE_ACKNOWLEDGED":
      return { error: null, new_webhook_url: item.webhook };
    default:
      return {};
  }
}

export function webhookPayload(type: string, code: string, item: ItemRecord, accountIds: readonly string[], extra: Record<string, unknown> = {}): WebhookPayload {
  return {
    webhook_type: type,
    webhook_code: code,
    item_id: item.itemId,
    ...defaultFields(type, code, item, accountIds),
    environment: "sandbox",
    ...extra,
  };
}
