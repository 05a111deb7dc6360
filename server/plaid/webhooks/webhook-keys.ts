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
import type { StoredWebhookKey, WebhookKeyStore } from "./webhook-keys-store";

/** Fetches one key by kid; `null` when Plaid says the kid does not exist. */
export type FetchWebhookKey = (kid: string) => Promise<WebhookVerificationKey | null>;

export interface WebhookKeyCacheOptions {
  fetchKey: FetchWebhookKey;
  /** Keys verified by any instance (the database); consulted before any budget is spent. */
  store?: WebhookKeyStore;
  now?: () => number;
  /** How long a known key is trusted before `expired_at` is re-read from Plaid. */
  ttlMs?: number;
  /** After a refresh fails, the known key keeps serving and the refresh is retried this much later. */
  refreshRetryMs?: number;
  /** How long an unknown kid is remembered, so a repeated forged kid costs no call. */
  negativeTtlMs?: number;
  /** How many unknown kids are remembered; the least recently seen is forgotten first. */
  maxNegativeEntries?: number;
  /** Fetches of kids nobody holds a key for, per rolling minute, for the whole cache (the process). */
  unknownKidFetchesPerMinute?: number;
  /** The same, per client address: one sender's forgeries cannot spend another's allowance. */
  unknownKidFetchesPerAddressPerMinute?: number;
  /** How many client addresses' budgets are tracked; the least recently seen is forgotten first. */
  maxTrackedAddresses?: number;
  /** A miss re-reads the store at most this often, so a flood of forged kids costs at most one query per interval. */
  storeReloadMs?: number;
  /** Told when a refresh of a known key failed and the last good key is served instead. */
  onRefreshFailed?: (kid: string, error: unknown) => void;
  /** Told when the store could not be read or written; lookups carry on from memory and Plaid. */
  onStoreFailed?: (operation: "load" | "save" | "forget", error: unknown) => void;
}

export const WEBHOOK_KEY_CACHE_DEFAULTS = {
  ttlMs: 10 * 60_000,
  refreshRetryMs: 30_000,
  negativeTtlMs: 5 * 60_000,
  maxNegativeEntries: 1_000,
  unknownKidFetchesPerMinute: 60,
  unknownKidFetchesPerAddressPerMinute: 5,
  maxTrackedAddresses: 10_000,
  storeReloadMs: 1_000,
} as const;

/** The budget bucket of a delivery whose sender address is unknown (no trusted proxy: TRUSTED_PROXY_HOPS=0). */
const UNADDRESSED = "unaddressed";

interface KnownKey {
  key: WebhookVerificationKey;
  refreshAt: number;
}

/** At most `limit` events in any rolling minute. */
function rollingMinuteBudget(limit: number, now: () => number) {
  const spent: number[] = [];
  const prune = () => {
    const windowStart = now() - 60_000;
    while (spent.length > 0 && (spent[0] ?? 0) <= windowStart) spent.shift();
  };
  return {
    available(): boolean {
      prune();
      return spent.length < limit;
    },
    take(): void {
      spent.push(now());
    },
  };
}

/** One rolling-minute budget per client address, bounded, least recently seen forgotten first. */
function perAddressBudgets(limit: number, maxAddresses: number, now: () => number) {
  const budgets = new Map<string, ReturnType<typeof rollingMinuteBudget>>();
  return (address: string) => {
    let budget = budgets.get(address);
    if (budget) budgets.delete(address);
    budget ??= rollingMinuteBudget(limit, now);
    budgets.set(address, budget);
    // Forgetting an address only hands it a fresh allowance; the process-wide budget still bounds the total.
    while (budgets.size > maxAddresses) {
      const oldest = budgets.keys().next();
      if (oldest.done) break;
      budgets.delete(oldest.value);
    }
    return budget;
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

const sameKey = (a: WebhookVerificationKey, b: WebhookVerificationKey) =>
  a.kid === b.kid && a.x === b.x && a.y === b.y && a.crv === b.crv && a.alg === b.alg && a.kty === b.kty && a.expired_at === b.expired_at;

/**
 * A kid → key cache in front of `/webhook_verification_key/get`, built so forged kids cannot
 * spend Plaid calls, push out the real key, or starve a genuine delivery:
 * - known keys (ones Plaid returned) and unknown kids live apart; only Plaid can add a known key,
 *   so no flood of made-up kids evicts one, and that map needs no bound;
 * - known keys are also kept in a store (the database) that every instance shares: a miss in
 *   memory re-reads it (at most once per `storeReloadMs`) before any budget is spent, so a
 *   restarted or new instance verifies a key another instance learned without asking Plaid;
 * - a kid of implausible shape is never fetched;
 * - kids nobody holds a key for are fetched within two budgets per rolling minute: one per client
 *   address (small) and one for the process (larger, a ceiling on what we ask of Plaid). Forgeries
 *   from one address spend only that address's allowance; over either, the lookup throws
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
  const storeReloadMs = options.storeReloadMs ?? defaults.storeReloadMs;
  const known = new Map<string, KnownKey>();
  const unknown = negativeKids(options.negativeTtlMs ?? defaults.negativeTtlMs, options.maxNegativeEntries ?? defaults.maxNegativeEntries, now);
  const processBudget = rollingMinuteBudget(options.unknownKidFetchesPerMinute ?? defaults.unknownKidFetchesPerMinute, now);
  const addressBudget = perAddressBudgets(
    options.unknownKidFetchesPerAddressPerMinute ?? defaults.unknownKidFetchesPerAddressPerMinute,
    options.maxTrackedAddresses ?? defaults.maxTrackedAddresses,
    now,
  );
  const inFlight = new Map<string, Promise<WebhookVerificationKey | null>>();
  const { store, onStoreFailed } = options;

  const shared = (kid: string, fetch: () => Promise<WebhookVerificationKey | null>) => {
    const promise = fetch().finally(() => inFlight.delete(kid));
    inFlight.set(kid, promise);
    return promise;
  };

  /** Takes in a key from the store unless memory already holds a fresher (or expired) copy. */
  const adopt = ({ key, fetchedAt }: StoredWebhookKey) => {
    if (!PLAUSIBLE_KID.test(key.kid)) return;
    const current = known.get(key.kid);
    const refreshAt = fetchedAt + ttlMs;
    if (current && (current.refreshAt >= refreshAt || (current.key.expired_at !== null && key.expired_at === null))) return;
    // The same object where nothing changed keeps verify-webhook's imported-key cache warm.
    known.set(key.kid, { key: current && sameKey(current.key, key) ? current.key : key, refreshAt });
    unknown.delete(key.kid);
  };

  let lastLoadAt = Number.NEGATIVE_INFINITY;
  let loading: Promise<void> | null = null;
  const loadStore = (): Promise<void> => {
    if (!store) return Promise.resolve();
    if (loading) return loading;
    if (now() - lastLoadAt < storeReloadMs) return Promise.resolve();
    lastLoadAt = now();
    loading = store
      .loadAll()
      .then(
        (rows) => rows.forEach(adopt),
        (error: unknown) => onStoreFailed?.("load", error),
      )
      .finally(() => {
        loading = null;
      });
    return loading;
  };

  /** Files Plaid's answer: a key under its own kid is known; anything else marks the kid unknown. */
  const file = async (kid: string, key: WebhookVerificationKey | null): Promise<WebhookVerificationKey | null> => {
    if (key && key.kid === kid) {
      const fetchedAt = now();
      known.set(kid, { key, refreshAt: fetchedAt + ttlMs });
      unknown.delete(kid);
      await store?.save({ key, fetchedAt }).catch((error: unknown) => onStoreFailed?.("save", error));
      return key;
    }
    const wasKnown = known.delete(kid);
    unknown.add(kid);
    // Plaid no longer knows a key we stored: drop it, or the next reload would bring it back.
    if (wasKnown) await store?.forget(kid).catch((error: unknown) => onStoreFailed?.("forget", error));
    return null;
  };

  const refresh = (kid: string, last: KnownKey) =>
    shared(kid, () =>
      options.fetchKey(kid).then(
        (key) => file(kid, key),
        (error: unknown) => {
          known.set(kid, { key: last.key, refreshAt: now() + refreshRetryMs });
          options.onRefreshFailed?.(kid, error);
          return last.key;
        },
      ),
    );

  /** A known key, fresh or refreshed; undefined when this instance holds none for the kid. */
  const fromMemory = (kid: string): Promise<WebhookVerificationKey | null> | undefined => {
    const entry = known.get(kid);
    if (entry && now() < entry.refreshAt) return Promise.resolve(entry.key);
    const pending = inFlight.get(kid);
    if (pending) return pending;
    if (entry) return refresh(kid, entry);
    return undefined;
  };

  return async (kid, context) => {
    if (!PLAUSIBLE_KID.test(kid)) return null;
    const cached = fromMemory(kid);
    if (cached) return cached;
    if (unknown.has(kid)) return null;
    await loadStore();
    const stored = fromMemory(kid);
    if (stored) return stored;
    const address = addressBudget(context?.clientAddress ?? UNADDRESSED);
    if (!address.available() || !processBudget.available()) throw new WebhookKeyLookupThrottled();
    address.take();
    processBudget.take();
    // A failed fetch is not remembered: it says nothing about the kid, only about Plaid or us.
    return shared(kid, () => options.fetchKey(kid).then((key) => file(kid, key)));
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
