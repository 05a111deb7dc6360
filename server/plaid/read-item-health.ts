import type { ItemStatus } from "@/db/schema";
import { callPlaid } from "./call-plaid";
import { failure, kindOf, type PlaidFailure } from "./errors";
import { itemStatusFor } from "./record-item-failure";
import type { PlaidDeps } from "./services";

// Plaid warns seven days ahead (PENDING_EXPIRATION / PENDING_DISCONNECT); so does the dashboard.
const EXPIRY_WARNING_MS = 7 * 24 * 60 * 60 * 1000;

export interface ItemHealth {
  status: ItemStatus;
  /** The item's own error as `/item/get` reports it; null when it has none. */
  problem: PlaidFailure | null;
  consentExpiresAt: Date | null;
}

/** The status `/item/get` proves: its error first, then an approaching consent expiry. */
export function statusFromItemGet(error: PlaidFailure | null, consentExpiresAt: Date | null, now: Date): ItemStatus {
  if (error) return itemStatusFor(error) ?? "error";
  if (consentExpiresAt && consentExpiresAt.getTime() - now.getTime() < EXPIRY_WARNING_MS) return "pending_expiration";
  return "healthy";
}

/**
 * Reads the truth about an item from `/item/get`. Throws a PlaidRequestError when the call itself
 * fails; callers decide whether that failure is itself news about the item.
 */
export async function readItemHealth(deps: PlaidDeps, accessToken: string, now: Date): Promise<ItemHealth> {
  const data = await callPlaid("/item/get", () => deps.client.itemGet({ access_token: accessToken }));
  const plaidError = data.item.error;
  const problem = plaidError
    ? failure(kindOf(plaidError.error_code, plaidError.error_type, null), { code: plaidError.error_code, type: plaidError.error_type })
    : null;
  const consentExpiresAt = data.item.consent_expiration_time ? new Date(data.item.consent_expiration_time) : null;
  return { status: statusFromItemGet(problem, consentExpiresAt, now), problem, consentExpiresAt };
}
