import { createHash, timingSafeEqual } from "node:crypto";
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from "jose";
import { z } from "zod";
import { toPlaidFailure, type PlaidFailure } from "../errors";

/** A Plaid webhook verification key as `/webhook_verification_key/get` returns it. */
export const webhookVerificationKeySchema = z.object({
  alg: z.string(),
  crv: z.string(),
  kid: z.string().min(1),
  kty: z.string(),
  use: z.string(),
  x: z.string(),
  y: z.string(),
  created_at: z.number(),
  expired_at: z.number().nullable(),
});
export type WebhookVerificationKey = z.infer<typeof webhookVerificationKeySchema>;

/**
 * Looks a key up by kid. `null` = Plaid does not know this kid (forged or long gone). Throws only
 * when the key cannot be fetched at all (Plaid unreachable, our credentials refused, or
 * {@link WebhookKeyLookupThrottled}): that is not the sender's fault.
 */
export type GetWebhookKey = (kid: string, context?: KeyLookupContext) => Promise<WebhookVerificationKey | null>;

/** Who is asking: the budget for kids nobody knows is kept per sender address. */
export interface KeyLookupContext {
  /** The delivery's client address (server/client-address.ts); null without a trusted proxy. */
  clientAddress: string | null;
}

/** Thrown by a key lookup that will not ask Plaid right now: too many unknown kids this minute (from this address, or in all). */
export class WebhookKeyLookupThrottled extends Error {
  override name = "WebhookKeyLookupThrottled";
  constructor() {
    super("too many unknown webhook key ids this minute");
  }
}

/**
 * The kids we are willing to look up. Plaid documents `kid` only as a string; its kids (and the
 * emulator's) are UUIDs in practice. The base64url alphabet up to 64 characters admits every UUID
 * and any kid from a plain key-id scheme, yet refuses the junk (dots, slashes, unicode, kilobytes)
 * that has no business reaching Plaid's API. A strict UUID check would turn a format change at
 * Plaid into a silent outage, so the fetch budget, not this shape, is what bounds a flood.
 */
export const PLAUSIBLE_KID = /^[A-Za-z0-9_-]{1,64}$/;

export type WebhookRejection =
  | "missing_header"
  | "malformed_header"
  | "wrong_algorithm"
  | "unknown_key"
  | "expired_key"
  | "bad_signature"
  | "malformed_claims"
  | "stale"
  | "from_the_future"
  | "body_mismatch";

export type WebhookVerification =
  | { ok: true; kid: string; bodySha256: string }
  | { ok: false; reason: WebhookRejection }
  /** The key could not be fetched: answer so Plaid retries later, not as if the sender lied. */
  | { ok: false; reason: "key_unavailable"; failure: PlaidFailure }
  /** An unknown kid over the fetch budget: no call made; Plaid retries a genuine delivery later. */
  | { ok: false; reason: "key_lookup_throttled" };

export interface VerifyOptions {
  getKey: GetWebhookKey;
  now?: () => Date;
  /** The sender's address, for the unknown-kid budget; null when it cannot be known. */
  clientAddress?: string | null;
}

// Plaid's documented replay window: a captured delivery is useless after five minutes.
export const MAX_AGE_SECONDS = 5 * 60;
// Clocks drift; a signature "from" slightly ahead is honest, one from minutes ahead is not.
export const MAX_FUTURE_SKEW_SECONDS = 30;

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

const claimsSchema = z.object({
  iat: z.number().int(),
  request_body_sha256: z.string().regex(HEX_SHA256),
});

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Hex strings of equal, fixed length compared without an early exit. */
function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}

function decodeHeader(jws: string): { alg?: unknown; kid?: unknown } | null {
  try {
    return decodeProtectedHeader(jws);
  } catch {
    return null;
  }
}

// Importing a JWK costs more than verifying with it; the key cache hands back the same object
// for a kid until it refetches, so the imported key lives exactly as long as the cached one.
const imported = new WeakMap<WebhookVerificationKey, Promise<CryptoKey | Uint8Array>>();

function importedKey(key: WebhookVerificationKey): Promise<CryptoKey | Uint8Array> {
  let cached = imported.get(key);
  if (!cached) {
    const jwk: JWK = { kty: key.kty, crv: key.crv, x: key.x, y: key.y };
    cached = importJWK(jwk, "ES256");
    // A bad key must not stay cached as a rejected promise for other deliveries to inherit silently.
    cached.catch(() => imported.delete(key));
    imported.set(key, cached);
  }
  return cached;
}

/**
 * Verifies a `Plaid-Verification` header against the raw body bytes exactly as Plaid documents
 * it. Pure apart from the key lookup; answers a typed result and never throws on forged input.
 */
export async function verifyPlaidWebhook(
  rawBody: Uint8Array,
  header: string | null | undefined,
  options: VerifyOptions,
): Promise<WebhookVerification> {
  if (!header) return { ok: false, reason: "missing_header" };
  // A repeated header arrives joined with ", ", which this pattern also refuses.
  if (!COMPACT_JWS.test(header)) return { ok: false, reason: "malformed_header" };
  const protectedHeader = decodeHeader(header);
  if (!protectedHeader) return { ok: false, reason: "malformed_header" };
  // Exactly ES256: never `none`, never HS256 keyed with the public key, never a downgrade.
  if (protectedHeader.alg !== "ES256") return { ok: false, reason: "wrong_algorithm" };
  const kid = protectedHeader.kid;
  if (typeof kid !== "string" || !PLAUSIBLE_KID.test(kid)) return { ok: false, reason: "malformed_header" };

  let key: WebhookVerificationKey | null;
  try {
    key = await options.getKey(kid, { clientAddress: options.clientAddress ?? null });
  } catch (error) {
    if (error instanceof WebhookKeyLookupThrottled) return { ok: false, reason: "key_lookup_throttled" };
    return { ok: false, reason: "key_unavailable", failure: toPlaidFailure(error) };
  }
  if (!key || key.kid !== kid) return { ok: false, reason: "unknown_key" };
  if (key.expired_at !== null) return { ok: false, reason: "expired_key" };
  if (key.alg !== "ES256" || key.kty !== "EC" || key.crv !== "P-256") return { ok: false, reason: "unknown_key" };

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(header, await importedKey(key), { algorithms: ["ES256"] }));
  } catch {
    return { ok: false, reason: "bad_signature" };
  }

  let claims: z.infer<typeof claimsSchema>;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    if (!parsed.success) return { ok: false, reason: "malformed_claims" };
    claims = parsed.data;
  } catch {
    return { ok: false, reason: "malformed_claims" };
  }

  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (nowSeconds - claims.iat > MAX_AGE_SECONDS) return { ok: false, reason: "stale" };
  if (claims.iat - nowSeconds > MAX_FUTURE_SKEW_SECONDS) return { ok: false, reason: "from_the_future" };

  const bodySha256 = sha256Hex(rawBody);
  if (!constantTimeEqualHex(bodySha256, claims.request_body_sha256)) return { ok: false, reason: "body_mismatch" };
  return { ok: true, kid, bodySha256 };
}
