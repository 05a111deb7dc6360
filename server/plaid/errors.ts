import { z } from "zod";

/**
 * What went wrong at Plaid, in the few shapes the app and the UI act on. Built from Plaid's error
 * object only: the AxiosError (whose config holds PLAID-SECRET) is dropped right here.
 */
export type PlaidFailureKind =
  /** The bank wants the user to sign in again (update mode fixes it). */
  | "login_required"
  /** The item no longer exists at Plaid (removed or revoked): the only proof it is gone. */
  | "item_not_found"
  /** The user withdrew consent or access to the accounts. */
  | "access_revoked"
  /**
   * Plaid's ACCESS_NOT_GRANTED: at an OAuth bank the user did not grant one product's permission.
   * The item itself is fine; update mode lets the user grant it.
   */
  | "access_not_granted"
  | "rate_limited"
  | "institution_unavailable"
  /** The bank refuses or cannot be read this way (UNSUPPORTED_RESPONSE, INSTITUTION_REGISTRATION_REQUIRED, UNAUTHORIZED_INSTITUTION): retrying will not help. */
  | "institution_refused"
  /** Plaid itself failed or could not be reached. */
  | "plaid_unavailable"
  | "product_not_ready"
  /** The Link session's token expired or was already used. */
  | "link_expired"
  | "not_supported"
  /** The user did not let this connection share that data (Plaid's ADDITIONAL_CONSENT_REQUIRED). */
  | "consent_required"
  /** Our request or credentials are wrong: a bug or a misconfiguration, not the user's doing. */
  | "invalid_request"
  | "unknown";

export interface PlaidFailure {
  kind: PlaidFailureKind;
  /** Plaid's error_code, e.g. ITEM_LOGIN_REQUIRED; null when Plaid never answered. */
  code: string | null;
  type: string | null;
  httpStatus: number | null;
  /** Plaid's request id, for support tickets. */
  requestId: string | null;
  /** Safe to show to the user. */
  message: string;
  retryable: boolean;
}

const MESSAGES: Record<PlaidFailureKind, string> = {
  login_required: "Your bank needs you to sign in again.",
  item_not_found: "This connection no longer exists at Plaid. Remove it and connect the bank again.",
  access_revoked: "Access to this bank was withdrawn. Reconnect it to keep it up to date.",
  access_not_granted: "Your bank was not given permission to share this information. Grant access to fix it.",
  rate_limited: "Plaid is busy, try again in a minute.",
  institution_unavailable: "Your bank is not responding right now. Try again later.",
  institution_refused: "Your bank does not allow this connection to read its data right now. Try again in a few days, or contact us.",
  plaid_unavailable: "Plaid is not responding right now. Try again in a minute.",
  product_not_ready: "Your bank's data is still being prepared. Try again in a few minutes.",
  link_expired: "That connection attempt expired. Please start again.",
  not_supported: "This bank or account type is not supported.",
  consent_required: "This bank connection was not given permission to share this information.",
  invalid_request: "Something went wrong talking to Plaid. We have been notified.",
  unknown: "Something went wrong talking to Plaid. Try again later.",
};

// Codes whose kind's message would be vague for the data the user is looking at.
const MESSAGE_BY_CODE: Record<string, string> = {
  PRODUCTS_NOT_SUPPORTED: "This bank does not share this information through Plaid.",
  NO_LIABILITY_ACCOUNTS: "None of the accounts at this bank is a credit card or a loan with details to show.",
};

const RETRYABLE = new Set<PlaidFailureKind>(["rate_limited", "institution_unavailable", "plaid_unavailable", "product_not_ready"]);
// Failures a background job must not retry: only a code change, the user or the bank can fix them.
const PERMANENT = new Set<PlaidFailureKind>(["invalid_request", "not_supported", "institution_refused", "access_not_granted"]);

const KIND_BY_CODE: Record<string, PlaidFailureKind> = {
  ITEM_LOGIN_REQUIRED: "login_required",
  INVALID_CREDENTIALS: "login_required",
  INVALID_MFA: "login_required",
  INVALID_UPDATED_USERNAME: "login_required",
  ITEM_LOCKED: "login_required",
  USER_SETUP_REQUIRED: "login_required",
  MFA_NOT_SUPPORTED: "login_required",
  PENDING_EXPIRATION: "login_required",
  ITEM_NOT_FOUND: "item_not_found",
  ACCESS_NOT_GRANTED: "access_not_granted",
  USER_PERMISSION_REVOKED: "access_revoked",
  USER_ACCOUNT_REVOKED: "access_revoked",
  NO_ACCOUNTS: "access_revoked",
  PRODUCT_NOT_READY: "product_not_ready",
  INVALID_PUBLIC_TOKEN: "link_expired",
  INVALID_LINK_TOKEN: "link_expired",
  PRODUCTS_NOT_SUPPORTED: "not_supported",
  NO_AUTH_ACCOUNTS: "not_supported",
  NO_INVESTMENT_ACCOUNTS: "not_supported",
  NO_LIABILITY_ACCOUNTS: "not_supported",
  ADDITIONAL_CONSENT_REQUIRED: "consent_required",
  INSTITUTION_NOT_SUPPORTED: "not_supported",
  INSTITUTION_NOT_RESPONDING: "institution_unavailable",
  INSTITUTION_DOWN: "institution_unavailable",
  INSTITUTION_NO_LONGER_SUPPORTED: "not_supported",
  // INSTITUTION_ERRORs that Plaid's docs do not advise retrying (unlike INSTITUTION_DOWN).
  UNSUPPORTED_RESPONSE: "institution_refused",
  INSTITUTION_REGISTRATION_REQUIRED: "institution_refused",
  UNAUTHORIZED_INSTITUTION: "institution_refused",
};

const KIND_BY_TYPE: Record<string, PlaidFailureKind> = {
  RATE_LIMIT_EXCEEDED: "rate_limited",
  API_ERROR: "plaid_unavailable",
  INSTITUTION_ERROR: "institution_unavailable",
  INVALID_REQUEST: "invalid_request",
  INVALID_INPUT: "invalid_request",
  INVALID_RESULT: "invalid_request",
};

// Lenient on purpose: each field may be missing from a proxy's or an emulator's error body.
const plaidErrorBody = z.object({
  error_type: z.string().optional(),
  error_code: z.string().optional(),
  request_id: z.string().optional(),
});

/** Only the fields of an AxiosError-like value we read; nothing else is looked at or kept. */
const axiosLike = z.object({
  isAxiosError: z.literal(true),
  code: z.string().optional(),
  response: z.object({ status: z.number(), data: z.unknown() }).optional(),
});

export function failure(kind: PlaidFailureKind, fields: Partial<Omit<PlaidFailure, "kind" | "message" | "retryable">> = {}): PlaidFailure {
  return {
    kind,
    code: fields.code ?? null,
    type: fields.type ?? null,
    httpStatus: fields.httpStatus ?? null,
    requestId: fields.requestId ?? null,
    message: (fields.code ? MESSAGE_BY_CODE[fields.code] : undefined) ?? MESSAGES[kind],
    retryable: RETRYABLE.has(kind),
  };
}

/** True when retrying the same call cannot succeed: a job should stop instead of backing off. */
export function isPermanentFailure(failure: PlaidFailure): boolean {
  return PERMANENT.has(failure.kind);
}

/** Maps a Plaid error object's fields to the domain kind. */
export function kindOf(code: string | null, type: string | null, httpStatus: number | null): PlaidFailureKind {
  if (code && KIND_BY_CODE[code]) return KIND_BY_CODE[code];
  if (type && KIND_BY_TYPE[type]) return KIND_BY_TYPE[type];
  if (httpStatus === 429) return "rate_limited";
  if (httpStatus !== null && httpStatus >= 500) return "plaid_unavailable";
  return "unknown";
}

/** Any thrown value from a Plaid call → a PlaidFailure that holds no token, secret or config. */
export function toPlaidFailure(error: unknown): PlaidFailure {
  if (error instanceof PlaidRequestError) return error.failure;
  const axios = axiosLike.safeParse(error);
  if (!axios.success) return failure("unknown");
  const response = axios.data.response;
  // No response: refused, reset or timed out before Plaid answered.
  if (!response) return failure("plaid_unavailable", { code: axios.data.code ?? null });
  const body = plaidErrorBody.safeParse(response.data);
  const fields = body.success ? body.data : {};
  const code = fields.error_code ?? null;
  const type = fields.error_type ?? null;
  return failure(kindOf(code, type, response.status), {
    code,
    type,
    httpStatus: response.status,
    requestId: fields.request_id ?? null,
  });
}

/**
 * Thrown by server/plaid operations. Its message is the user-readable one, and it has no `cause`,
 * so logging or serialising it can never reach the request config or the access token.
 */
export class PlaidRequestError extends Error {
  override name = "PlaidRequestError";
  constructor(
    readonly failure: PlaidFailure,
    /** Which Plaid endpoint failed, e.g. "/item/public_token/exchange". */
    readonly endpoint: string,
  ) {
    super(failure.message);
  }
}
