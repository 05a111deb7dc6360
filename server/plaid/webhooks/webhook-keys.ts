import type { PlaidApi } from "plaid";
import { callPlaid } from "../call-plaid";
import { failure, PlaidRequestError } from "../errors";
import {
  PLAUSIBLE_KID,
  WebhookKeyLookupThrottled,
  webhookVerificationKeySchema,
  type GetWebhookKey,
  type WebhookVerificationKey,
} from "./verify-webhook";

/** Fetches one key by kid; `null` when Plaid says the kid does not exist. */
export type FetchWebhookKey = (kid: string) => Promise<WebhookVerificationKey | null>;

export interface WebhookKeyCacheOptions {
  fetchKey: FetchWebhookKey;
  now?: () => number;
  /** How long a known key is trusted before `expired_at` is re-read from Plaid. */
  ttlMs?: number;
  /** After a refresh fails, the known key keeps serving and the refresh is retried this much later. */
  refreshRetryMs?: number;
  /** How long an unknown kid is remembered, so a repeated forged kid costs no call. */
  negativeTtlMs?: number;
  /** How many unknown kids are remembered; the least recently seen is forgotten first. */
  maxNegativeEntries?: number;
  /** Fetches of kids we hold no key for, per rolling minute, for the whole cache (the process). */
  unknownKidFetchesPerMinute?: number;
  /** Told when a refresh of a known key failed and the last good key is served instead. */
  onRefreshFailed?: (kid: string, error: unknown) => void;
}

export const WEBHOOK_KEY_CACHE_DEFAULTS = {
  ttlMs: 10 * 60_000,
  refreshRetryMs: 30_000,
  negativeTtlMs: 5 * 60_000,
  maxNegativeEntries: 1_000,
  unknownKidFetchesPerMinute: 10,
} as const;

interface KnownKey {
  key: WebhookVerificationKey;
  refreshAt: number;
}

/** At most `limit` events in any rolling minute. */
function rollingMinuteBudget(limit: number, now: () => number) {
  const spent: number[] = [];
  return {
    take(): boolean {
      const windowStart = now() - 60_000;
      while (spent.length > 0 && (spent[0] ?? 0) <= windowStart) spent.shift();
      if (spent.length >= limit) return false;
      spent.push(now());
      return true;
    },
  };
}

/** Unknown kids with an expiry, bounded, least recently seen evicted first (a Map keeps order). */
function negativeKids(ttlMs: number, maxEntries: number, now: () => number) {
  const expiresAt = new Map<string, number>();
  return {
    has(kid: string): boolean {
      const until = expiresAt.get(kid);
      if (until === undefined) return false;
      expiresAt.delete(kid);
      if (now() >= until) return false;
      expiresAt.set(kid, until);
      return true;
    },
    add(kid: string): void {
      expiresAt.delete(kid);
      expiresAt.set(kid, now() + ttlMs);
      while (expiresAt.size > maxEntries) {
        const oldest = expiresAt.keys().next();
        if (oldest.done) break;
        expiresAt.delete(oldest.value);
      }
    },
    delete(kid: string): void {
      expiresAt.delete(kid);
    },
  };
}

/**
 * A kid → key cache in front of `/webhook_verification_key/get`, built so forged kids cannot
 * spend Plaid calls or push out the real key:
 * - known keys (ones Plaid returned) and unknown kids live apart; only Plaid can add a known key,
 *   so no flood of made-up kids evicts one, and that map needs no bound;
 * - a kid of implausible shape is never fetched;
 * - kids we hold no key for share a per-minute fetch budget; over it the lookup throws
 *   WebhookKeyLookupThrottled (the intake answers 503) without calling Plaid;
 * - a known key is re-read after `ttlMs`, because Plaid rotates keys and sets `expired_at` on the
 *   old one; if that refresh fails the last good key keeps serving (an `expired_at` already
 *   learned still rejects) and the refresh is retried after `refreshRetryMs`. Refreshes are not
 *   charged to the budget: there are only as many as Plaid has real keys, so a flood cannot
 *   starve them and stop us learning of an expiry;
 * - concurrent lookups of one kid share a single fetch.
 */
export function createWebhookKeyCache(options: WebhookKeyCacheOptions): GetWebhookKey {
  const defaults = WEBHOOK_KEY_CACHE_DEFAULTS;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? defaults.ttlMs;
  const refreshRetryMs = options.refreshRetryMs ?? defaults.refreshRetryMs;
  const known = new Map<string, KnownKey>();
  const unknown = negativeKids(options.negativeTtlMs ?? defaults.negativeTtlMs, options.maxNegativeEntries ?? defaults.maxNegativeEntries, now);
  const budget = rollingMinuteBudget(options.unknownKidFetchesPerMinute ?? defaults.unknownKidFetchesPerMinute, now);
  const inFlight = new Map<string, Promise<WebhookVerificationKey | null>>();

  const shared = (kid: string, fetch: () => Promise<WebhookVerificationKey | null>) => {
    const promise = fetch().finally(() => inFlight.delete(kid));
    inFlight.set(kid, promise);
    return promise;
  };

  /** Files Plaid's answer: a key under its own kid is known; anything else marks the kid unknown. */
  const store = (kid: string, key: WebhookVerificationKey | null): WebhookVerificationKey | null => {
    if (key && key.kid === kid) {
      known.set(kid, { key, refreshAt: now() + ttlMs });
      unknown.delete(kid);
      return key;
    }
    known.delete(kid);
    unknown.add(kid);
    return null;
  };

  const refresh = (kid: string, last: KnownKey) =>
    shared(kid, () =>
      options.fetchKey(kid).then(
        (key) => store(kid, key),
        (error: unknown) => {
          known.set(kid, { key: last.key, refreshAt: now() + refreshRetryMs });
          options.onRefreshFailed?.(kid, error);
          return last.key;
        },
      ),
    );

  return async (kid) => {
    if (!PLAUSIBLE_KID.test(kid)) return null;
    const entry = known.get(kid);
    if (entry && now() < entry.refreshAt) return entry.key;
    const pending = inFlight.get(kid);
    if (pending) return pending;
    if (entry) return refresh(kid, entry);
    if (unknown.has(kid)) return null;
    if (!budget.take()) throw new WebhookKeyLookupThrottled();
    // A failed fetch is not remembered: it says nothing about the kid, only about Plaid or us.
    return shared(kid, () => options.fetchKey(kid).then((key) => store(kid, key)));
  };
}

/**
 * Plaid retries a delivery not answered within 10 s; the key fetch happens inside that delivery,
 * so it gets 3 s (the client's general PLAID_TIMEOUT_MS is 30 s) and leaves room for the rest.
 */
export const WEBHOOK_KEY_FETCH_TIMEOUT_MS = 3_000;

/** Plaid's (and the emulator's) answer for a key_id it does not know: HTTP 400, INVALID_INPUT. */
const UNKNOWN_KEY_CODE = "INVALID_WEBHOOK_VERIFICATION_KEY_ID";
const ENDPOINT = "/webhook_verification_key/get";

/**
 * The fetcher backed by Plaid (or the emulator). Only Plaid's "no such key_id" answer is `null`;
 * every other failure throws, because refused credentials, a rate limit or an outage say nothing
 * about the sender and must not be cached as "forged".
 */
export function plaidWebhookKeyFetcher(client: PlaidApi, options: { timeoutMs?: number } = {}): FetchWebhookKey {
  const timeoutMs = options.timeoutMs ?? WEBHOOK_KEY_FETCH_TIMEOUT_MS;
  return async (kid) => {
    let data: { key: unknown };
    try {
      // `timeout` bounds an idle socket; the signal bounds the whole call, slow trickles included.
      data = await callPlaid(ENDPOINT, () => client.webhookVerificationKeyGet({ key_id: kid }, { timeout: timeoutMs, signal: AbortSignal.timeout(timeoutMs) }));
    } catch (error) {
      if (error instanceof PlaidRequestError && error.failure.code === UNKNOWN_KEY_CODE) return null;
      throw error;
    }
    const parsed = webhookVerificationKeySchema.safeParse(data.key);
    if (!parsed.success) throw new PlaidRequestError(failure("unknown"), ENDPOINT);
    return parsed.data;
  };
}
