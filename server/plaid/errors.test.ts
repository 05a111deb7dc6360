import { describe, expect, it } from "vitest";
import { callPlaid } from "./call-plaid";
import { isPermanentFailure, PlaidRequestError, toPlaidFailure } from "./errors";

const SECRET = "super-secret-value";

/** The shape axios throws: the config carries the secret header and the request body. */
function axiosError(status: number | null, data: unknown, code?: string) {
  return Object.assign(new Error("Request failed"), {
    isAxiosError: true as const,
    code,
    config: { headers: { "PLAID-SECRET": SECRET }, data: '{"access_token":"access-sandbox-123"}' },
    response: status === null ? undefined : { status, data, config: { headers: { "PLAID-SECRET": SECRET } } },
  });
}

const plaidBody = (error_type: string, error_code: string) => ({
  error_type,
  error_code,
  error_message: "the login details of this item have changed",
  display_message: null,
  request_id: "req-1",
});

describe("toPlaidFailure", () => {
  it.each([
    ["ITEM_ERROR", "ITEM_LOGIN_REQUIRED", 400, "login_required", "Your bank needs you to sign in again."],
    ["RATE_LIMIT_EXCEEDED", "RATE_LIMIT", 429, "rate_limited", "Plaid is busy, try again in a minute."],
    ["ITEM_ERROR", "ITEM_NOT_FOUND", 400, "item_not_found", undefined],
    ["INVALID_INPUT", "INVALID_PUBLIC_TOKEN", 400, "link_expired", undefined],
    ["INVALID_REQUEST", "MISSING_FIELDS", 400, "invalid_request", undefined],
    ["API_ERROR", "INTERNAL_SERVER_ERROR", 500, "plaid_unavailable", undefined],
    ["INSTITUTION_ERROR", "INSTITUTION_DOWN", 400, "institution_unavailable", undefined],
    ["ITEM_ERROR", "PRODUCT_NOT_READY", 400, "product_not_ready", undefined],
    ["INVALID_INPUT", "ADDITIONAL_CONSENT_REQUIRED", 400, "consent_required", "This bank connection was not given permission to share this information."],
    ["ITEM_ERROR", "PRODUCTS_NOT_SUPPORTED", 400, "not_supported", "This bank does not share this information through Plaid."],
    ["ITEM_ERROR", "NO_LIABILITY_ACCOUNTS", 400, "not_supported", "None of the accounts at this bank is a credit card or a loan with details to show."],
    // A withheld OAuth product permission is not a revoked item (update mode grants it).
    ["ITEM_ERROR", "ACCESS_NOT_GRANTED", 400, "access_not_granted", undefined],
    ["INVALID_INPUT", "USER_PERMISSION_REVOKED", 400, "access_revoked", undefined],
    ["INSTITUTION_ERROR", "UNSUPPORTED_RESPONSE", 400, "institution_refused", undefined],
    ["INSTITUTION_ERROR", "INSTITUTION_REGISTRATION_REQUIRED", 400, "institution_refused", undefined],
    ["INSTITUTION_ERROR", "UNAUTHORIZED_INSTITUTION", 400, "institution_refused", undefined],
  ])("maps %s/%s to %s", (type, code, status, kind, message) => {
    const failure = toPlaidFailure(axiosError(status, plaidBody(type, code)));
    expect(failure).toMatchObject({ kind, code, type, httpStatus: status, requestId: "req-1" });
    if (message) expect(failure.message).toBe(message);
  });

  it("marks institution errors that retrying cannot fix as permanent, and INSTITUTION_DOWN as retryable", () => {
    for (const code of ["UNSUPPORTED_RESPONSE", "INSTITUTION_REGISTRATION_REQUIRED", "UNAUTHORIZED_INSTITUTION"]) {
      const failure = toPlaidFailure(axiosError(400, plaidBody("INSTITUTION_ERROR", code)));
      expect({ code, retryable: failure.retryable, permanent: isPermanentFailure(failure) }).toEqual({ code, retryable: false, permanent: true });
    }
    const down = toPlaidFailure(axiosError(400, plaidBody("INSTITUTION_ERROR", "INSTITUTION_DOWN")));
    expect({ retryable: down.retryable, permanent: isPermanentFailure(down) }).toEqual({ retryable: true, permanent: false });
  });

  it("treats a missing response (refused, timed out) as Plaid being unavailable", () => {
    expect(toPlaidFailure(axiosError(null, undefined, "ECONNREFUSED"))).toMatchObject({
      kind: "plaid_unavailable",
      code: "ECONNREFUSED",
      retryable: true,
    });
  });

  it("falls back on the HTTP status when the body is not a Plaid error", () => {
    expect(toPlaidFailure(axiosError(502, "<html>bad gateway</html>")).kind).toBe("plaid_unavailable");
    expect(toPlaidFailure(axiosError(429, null)).kind).toBe("rate_limited");
    expect(toPlaidFailure(new Error("boom")).kind).toBe("unknown");
  });
});

describe("callPlaid", () => {
  it("throws a PlaidRequestError that carries neither the secret, the token nor the AxiosError", async () => {
    const thrown = await callPlaid("/item/get", () => Promise.reject(axiosError(400, plaidBody("ITEM_ERROR", "ITEM_LOGIN_REQUIRED")))).catch(
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(PlaidRequestError);
    expect((thrown as PlaidRequestError).cause).toBeUndefined();
    const everything = JSON.stringify({ ...(thrown as PlaidRequestError), message: (thrown as Error).message, stack: (thrown as Error).stack });
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain("access-");
    expect((thrown as PlaidRequestError).endpoint).toBe("/item/get");
  });
});
