// Plaid's error object, with the HTTP status, type and wording Plaid uses for each code we emulate.
// One catalogue so every route and every injected fault answers the same way.

export interface PlaidErrorBody {
  error_type: string;
  error_code: string;
  error_code_reason: string | null;
  error_message: string;
  display_message: string | null;
  request_id: string;
  causes: unknown[];
  status: number;
  documentation_url: string;
  suggested_action: string | null;
}

interface CatalogueEntry {
  type: string;
  status: number;
  message: string;
  display: string | null;
  docs: string;
}

const CREDENTIALS_DISPLAY =
  "The credentials you provided were incorrect. Check that your credentials are the same that you use for this institution";

export const ERROR_CATALOGUE = {
  INVALID_API_KEYS: { type: "INVALID_INPUT", status: 400, message: "invalid client_id or secret provided", display: null, docs: "invalid-input" },
  MISSING_FIELDS: { type: "INVALID_REQUEST", status: 400, message: "the following required fields are missing", display: null, docs: "invalid-request" },
  INVALID_FIELD: { type: "INVALID_REQUEST", status: 400, message: "a field in the request is invalid", display: null, docs: "invalid-request" },
  INVALID_BODY: { type: "INVALID_REQUEST", status: 400, message: "body could not be parsed as JSON", display: null, docs: "invalid-request" },
  NOT_FOUND: { type: "INVALID_REQUEST", status: 404, message: "not found", display: null, docs: "invalid-request" },
  INVALID_ACCESS_TOKEN: { type: "INVALID_INPUT", status: 400, message: "could not find matching access token", display: null, docs: "invalid-input" },
  INVALID_PUBLIC_TOKEN: { type: "INVALID_INPUT", status: 400, message: "could not find matching public token", display: null, docs: "invalid-input" },
  INVALID_LINK_TOKEN: { type: "INVALID_INPUT", status: 400, message: "provided link token is invalid", display: null, docs: "invalid-input" },
  INVALID_INSTITUTION: { type: "INVALID_INPUT", status: 400, message: "invalid institution_id provided", display: null, docs: "invalid-input" },
  INVALID_WEBHOOK_VERIFICATION_KEY_ID: { type: "INVALID_INPUT", status: 400, message: "invalid key_id provided. note that key_ids are specific to Plaid environments, and verification requests must be made to the same environment that the webhook was sent from", display: null, docs: "invalid-input" },
  ITEM_LOGIN_REQUIRED: { type: "ITEM_ERROR", status: 400, message: "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state", display: "The login details of this item have changed. Please log in again.", docs: "item" },
  ITEM_NOT_FOUND: { type: "ITEM_ERROR", status: 400, message: "The Item you requested cannot be found. This Item does not exist, has been previously removed via /item/remove, or has had access removed by the user.", display: null, docs: "item" },
  INVALID_CREDENTIALS: { type: "ITEM_ERROR", status: 400, message: "the provided credentials were not correct", display: CREDENTIALS_DISPLAY, docs: "item" },
  INVALID_MFA: { type: "ITEM_ERROR", status: 400, message: "the provided MFA response(s) were not correct", display: "The provided MFA responses were not correct. Please try again.", docs: "item" },
  ACCESS_NOT_GRANTED: { type: "ITEM_ERROR", status: 400, message: "access to this product was not granted for the account", display: "The user did not grant the necessary permissions for this product on their account.", docs: "item" },
  PRODUCTS_NOT_SUPPORTED: { type: "ITEM_ERROR", status: 400, message: "the requested product is not supported by this item", display: null, docs: "item" },
  NO_LIABILITY_ACCOUNTS: { type: "ITEM_ERROR", status: 400, message: "the requested item does not contain any liability accounts", display: null, docs: "item" },
  ADDITIONAL_CONSENT_REQUIRED: { type: "INVALID_INPUT", status: 400, message: "client does not have user consent to access the requested product", display: null, docs: "invalid-input" },
  INVALID_ACCOUNT_ID: { type: "INVALID_INPUT", status: 400, message: "one or more of the account IDs is invalid", display: null, docs: "invalid-input" },
  // Plaid's statuses for these two: 404 for an unknown state id, 208 (Already Reported) for a used one.
  OAUTH_STATE_ID_NOT_FOUND: { type: "OAUTH_ERROR", status: 404, message: "the provided oauth_state_id was not found", display: null, docs: "oauth" },
  OAUTH_STATE_ID_ALREADY_PROCESSED: { type: "OAUTH_ERROR", status: 208, message: "the provided oauth_state_id has already been processed", display: null, docs: "oauth" },
  INCORRECT_LINK_TOKEN: { type: "OAUTH_ERROR", status: 400, message: "the link token used to re-initialize Link is not the one the OAuth flow started with", display: null, docs: "oauth" },
  PRODUCT_NOT_READY: { type: "ITEM_ERROR", status: 400, message: "the requested product is not yet ready. please provide a webhook or try the request again later", display: null, docs: "item" },
  // An INVALID_INPUT error at Plaid: the item still exists (and is billed) until /item/remove.
  USER_PERMISSION_REVOKED: { type: "INVALID_INPUT", status: 400, message: "the holder of this account has revoked their permission for your application to access it", display: null, docs: "invalid-input" },
  INSTITUTION_DOWN: { type: "INSTITUTION_ERROR", status: 400, message: "this institution is not currently responding to this request. please try again soon", display: "This financial institution is not currently responding to requests. We apologize for the inconvenience.", docs: "institution" },
  // Institution errors that retrying does not fix (Plaid's docs: contact support / the bank).
  UNSUPPORTED_RESPONSE: { type: "INSTITUTION_ERROR", status: 400, message: "the data returned from the financial institution is not in a supported format", display: null, docs: "institution" },
  INSTITUTION_REGISTRATION_REQUIRED: { type: "INSTITUTION_ERROR", status: 400, message: "your account is not yet registered with this institution", display: null, docs: "institution" },
  UNAUTHORIZED_INSTITUTION: { type: "INSTITUTION_ERROR", status: 400, message: "you are not authorized to create items for this institution at this time", display: null, docs: "institution" },
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: { type: "TRANSACTIONS_ERROR", status: 400, message: "Underlying transaction data changed since last page was fetched. Please restart pagination from last update.", display: null, docs: "transactions" },
  TRANSACTIONS_SYNC_LIMIT: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, docs: "rate-limit-exceeded" },
  RATE_LIMIT_EXCEEDED: { type: "RATE_LIMIT_EXCEEDED", status: 429, message: "rate limit exceeded for attempts to access this item. please try again later", display: null, docs: "rate-limit-exceeded" },
  SANDBOX_PRODUCT_NOT_ENABLED: { type: "SANDBOX_ERROR", status: 400, message: "the requested product is not enabled for this item", display: null, docs: "sandbox" },
  SANDBOX_WEBHOOK_INVALID: { type: "SANDBOX_ERROR", status: 400, message: "the webhook for this item is either not set or set to an invalid URL", display: null, docs: "sandbox" },
  INTERNAL_SERVER_ERROR: { type: "API_ERROR", status: 500, message: "an unexpected error occurred", display: "Oops! Something went wrong. Please try again later.", docs: "api" },
  PLANNED_MAINTENANCE: { type: "API_ERROR", status: 503, message: "the Plaid API is temporarily unavailable due to planned maintenance. visit https://status.plaid.com/ for more information", display: null, docs: "api" },
} as const satisfies Record<string, CatalogueEntry>;

export type KnownErrorCode = keyof typeof ERROR_CATALOGUE;

export function isKnownErrorCode(code: string): code is KnownErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

/** Thrown by route handlers; the router turns it into Plaid's error response. */
export class PlaidApiError extends Error {
  readonly code: KnownErrorCode;
  readonly detail: string | undefined;
  constructor(code: KnownErrorCode, detail?: string) {
    super(detail ?? ERROR_CATALOGUE[code].message);
    this.code = code;
    this.detail = detail;
  }
}

export function plaidErrorBody(code: KnownErrorCode, requestId: string, detail?: string): PlaidErrorBody {
  const entry: CatalogueEntry = ERROR_CATALOGUE[code];
  return {
    error_type: entry.type,
    error_code: code,
    error_code_reason: null,
    error_message: detail ?? entry.message,
    display_message: entry.display,
    request_id: requestId,
    causes: [],
    status: entry.status,
    documentation_url: `https://plaid.com/docs/errors/${entry.docs}/#${code.toLowerCase().replaceAll("_", "-")}`,
    suggested_action: null,
  };
}

export function errorStatus(code: KnownErrorCode): number {
  return ERROR_CATALOGUE[code].status;
}

/** The error object embedded in items and webhooks: Plaid leaves request_id empty there. */
export function embeddedError(code: KnownErrorCode): Omit<PlaidErrorBody, "request_id"> & { request_id: string } {
  return plaidErrorBody(code, "");
}
