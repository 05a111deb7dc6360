import type { PlaidApi } from "plaid";
import { callPlaid } from "../call-plaid";
import { PlaidRequestError } from "../errors";
import { webhookVerificationKeySchema, type GetWebhookKey, type WebhookVerificationKey } from "./verify-webhook";

/** Fetches one key by kid; `null` when Plaid says the kid does not exist. */
export type FetchWebhookKey = (kid: string) => Promise<WebhookVerificationKey | null>;

export interface WebhookKeyCacheOptions {
  fetchKey: FetchWebhookKey;
  now?: () => number;
  /** How long a cached key is trusted before `expired_at` is re-read from Plaid. */
  ttlMs?: number;
  /** How long an unknown kid is remembered, so forged kids cannot make us call Plaid per request. */
  negativeTtlMs?: number;
  maxEntries?: number;
}

interface Entry {
  key: WebhookVerificationKey | null;
  fetchedAt: number;
}

/**
 * A kid → key cache in front of `/webhook_verification_key/get`. Keys are refetched after a TTL
 * because Plaid rotates them and sets `expired_at` on the old one; concurrent misses for one kid
 * share a single fetch.
 */
export function createWebhookKeyCache(options: WebhookKeyCacheOptions): GetWebhookKey {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const negativeTtlMs = options.negativeTtlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 100;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<WebhookVerificationKey | null>>();

  const fetchAndStore = (kid: string): Promise<WebhookVerificationKey | null> => {
    const pending = inFlight.get(kid);
    if (pending) return pending;
    const promise = options
      .fetchKey(kid)
      .then((key) => {
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next();
          if (!oldest.done) entries.delete(oldest.value);
        }
        entries.set(kid, { key, fetchedAt: now() });
        return key;
      })
      .finally(() => inFlight.delete(kid));
    inFlight.set(kid, promise);
    return promise;
  };

  return async (kid) => {
    const entry = entries.get(kid);
    if (entry) {
      const age = now() - entry.fetchedAt;
      if (entry.key ? age < ttlMs : age < negativeTtlMs) return entry.key;
    }
    return fetchAndStore(kid);
  };
}

/** The fetcher backed by Plaid (or the emulator). Unknown kids answer 400 INVALID_INPUT there. */
export function plaidWebhookKeyFetcher(client: PlaidApi): FetchWebhookKey {
  return async (kid) => {
    try {
      const data = await callPlaid("/webhook_verification_key/get", () => client.webhookVerificationKeyGet({ key_id: kid }));
      const parsed = webhookVerificationKeySchema.safeParse(data.key);
      return parsed.success ? parsed.data : null;
    } catch (error) {
      // A 4xx from Plaid means "no such key"; anything else (5xx, refused) is an outage.
      const status = error instanceof PlaidRequestError ? error.failure.httpStatus : null;
      if (status !== null && status >= 400 && status < 500 && status !== 429) return null;
      throw error;
    }
  };
}
