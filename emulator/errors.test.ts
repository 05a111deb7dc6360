import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CountryCode, Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { CLIENT_ID, connectItem, plaidClient, plaidError, postJson, SECRET, startTestEmulator } from "./testing/helpers";

describe("Plaid errors from the emulator", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  const auth = { "PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": SECRET };

  beforeAll(async () => {
    emulator = await startTestEmulator({ rateLimitPerMinute: 3 });
    plaid = plaidClient(emulator.url);
  });
  afterAll(() => emulator.close());

  it("answers INVALID_API_KEYS for a wrong secret and MISSING_FIELDS without credentials", async () => {
    const wrong = await postJson(`${emulator.url}/item/get`, { access_token: "access-sandbox-x" }, { "PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": "nope" });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_API_KEYS" });
    expect(wrong.body.request_id).toBeTruthy();
    const missing = await postJson(`${emulator.url}/item/get`, { access_token: "access-sandbox-x" });
    expect(missing.body).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "MISSING_FIELDS" });
  });

  it("accepts client_id and secret in the body as well as in headers", async () => {
    const answer = await postJson(`${emulator.url}/link/token/create`, { client_id: CLIENT_ID, secret: SECRET, client_name: "x", language: "en", country_codes: ["US"], user: { client_user_id: "u" }, products: ["transactions"] });
    expect(answer.status).toBe(200);
    expect(answer.body.link_token).toMatch(/^link-sandbox-/);
  });

  it("lists missing required fields and names an invalid one", async () => {
    const missing = await postJson(`${emulator.url}/link/token/create`, { language: "en" }, auth);
    expect(missing.body).toMatchObject({ error_code: "MISSING_FIELDS" });
    expect(String(missing.body.error_message)).toContain("client_name");
    const invalid = await postJson(`${emulator.url}/link/token/create`, { client_name: "x", language: "en", country_codes: ["US"], user: { client_user_id: "u" }, products: ["transactions"], webhook: "not a url" }, auth);
    expect(invalid.body).toMatchObject({ error_code: "INVALID_FIELD" });
    expect(String(invalid.body.error_message)).toContain("webhook");
    const body = await fetch(`${emulator.url}/item/get`, { method: "POST", headers: { "Content-Type": "application/json", ...auth }, body: "{not json" });
    expect(await body.json()).toMatchObject({ error_code: "INVALID_BODY" });
  });

  it("answers 404 NOT_FOUND for endpoints it does not have", async () => {
    const answer = await postJson(`${emulator.url}/transactions/get`, {}, auth);
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error_code: "NOT_FOUND" });
  });

  it("rejects unknown, reused and expired public tokens with INVALID_PUBLIC_TOKEN", async () => {
    const unknown = await plaidError(plaid.itemPublicTokenExchange({ public_token: "public-sandbox-00000000-0000-0000-0000-000000000000" }));
    expect(unknown.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_PUBLIC_TOKEN" });
    const created = await plaid.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] });
    await postJson(`${emulator.url}/__emulator/clock/advance`, { ms: 31 * 60_000 });
    const expired = await plaidError(plaid.itemPublicTokenExchange({ public_token: created.data.public_token }));
    expect(expired.data).toMatchObject({ error_code: "INVALID_PUBLIC_TOKEN" });
    expect(String(expired.data.error_message)).toContain("expired");
  });

  it("answers INVALID_CREDENTIALS for an unknown sandbox user and INVALID_INSTITUTION for an unknown bank", async () => {
    const user = await plaidError(plaid.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_bad" } }));
    expect(user.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "INVALID_CREDENTIALS" });
    const bank = await plaidError(plaid.institutionsGetById({ institution_id: "ins_nope", country_codes: [CountryCode.Us] }));
    expect(bank.data).toMatchObject({ error_code: "INVALID_INSTITUTION" });
  });

  it("puts an item into ITEM_LOGIN_REQUIRED with reset_login; data calls fail, /item/get shows the error", async () => {
    const { accessToken } = await connectItem(plaid);
    await plaid.sandboxItemResetLogin({ access_token: accessToken });
    const sync = await plaidError(plaid.transactionsSync({ access_token: accessToken }));
    expect(sync.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_LOGIN_REQUIRED" });
    const item = await plaid.itemGet({ access_token: accessToken });
    expect(item.data.item.error?.error_code).toBe("ITEM_LOGIN_REQUIRED");
  });

  it("rate-limits /transactions/sync per item per minute with HTTP 429", async () => {
    const { accessToken } = await connectItem(plaid);
    for (let i = 0; i < 3; i++) await plaid.transactionsSync({ access_token: accessToken });
    const limited = await plaidError(plaid.transactionsSync({ access_token: accessToken }));
    expect(limited.status).toBe(429);
    expect(limited.data).toMatchObject({ error_type: "RATE_LIMIT_EXCEEDED", error_code: "TRANSACTIONS_SYNC_LIMIT" });
    // Another item has its own budget.
    const other = await connectItem(plaid);
    await expect(plaid.transactionsSync({ access_token: other.accessToken })).resolves.toBeTruthy();
  });

  it("exempts the benchmark users from the rate limit", async () => {
    const { accessToken } = await connectItem(plaid, { username: "user_transactions_10k" });
    for (let i = 0; i < 6; i++) await plaid.transactionsSync({ access_token: accessToken, count: 1 });
  });

  it("injects an error code, an HTTP 500, a delay and a dropped connection for the next calls", async () => {
    const { accessToken } = await connectItem(plaid);
    const inject = (body: Record<string, unknown>) => postJson(`${emulator.url}/__emulator/faults`, { endpoint: "/accounts/get", ...body });

    await inject({ kind: "error", error_code: "INSTITUTION_DOWN", count: 2 });
    for (let i = 0; i < 2; i++) {
      const failure = await plaidError(plaid.accountsGet({ access_token: accessToken }));
      expect(failure.data).toMatchObject({ error_type: "INSTITUTION_ERROR", error_code: "INSTITUTION_DOWN" });
    }
    await expect(plaid.accountsGet({ access_token: accessToken })).resolves.toBeTruthy();

    await inject({ kind: "http500" });
    const server = await plaidError(plaid.accountsGet({ access_token: accessToken }));
    expect(server.status).toBe(500);
    expect(server.data).toMatchObject({ error_type: "API_ERROR", error_code: "INTERNAL_SERVER_ERROR" });

    await inject({ kind: "delay", delay_ms: 300 });
    const started = Date.now();
    await plaid.accountsGet({ access_token: accessToken });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    await inject({ kind: "drop" });
    await expect(fetch(`${emulator.url}/accounts/get`, { method: "POST", headers: { "Content-Type": "application/json", ...auth }, body: JSON.stringify({ access_token: accessToken }) })).rejects.toThrow();
    await expect(plaid.accountsGet({ access_token: accessToken })).resolves.toBeTruthy();
  });

  it("rejects exchanging an update-mode public token", async () => {
    const { accessToken } = await connectItem(plaid);
    const link = await postJson(`${emulator.url}/__emulator/link-token`, { access_token: accessToken });
    const session = await postJson(`${emulator.url}/link/ui/api/session`, { link_token: link.body.link_token });
    expect(session.body.mode).toBe("update");
    const login = await postJson(`${emulator.url}/link/ui/api/login`, { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password: "pass_good" });
    const failure = await plaidError(plaid.itemPublicTokenExchange({ public_token: String(login.body.public_token) }));
    expect(failure.data).toMatchObject({ error_code: "INVALID_PUBLIC_TOKEN" });
  });
});
