import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator } from "./server";
import { CLIENT_ID, getJson, postJson, SECRET, startReceiver, startTestEmulator } from "./testing/helpers";
import { findPlaidSpec, loadPlaidSchemas, violations, type PlaidSchemas } from "./testing/openapi";

const spec = findPlaidSpec();
if (!spec) console.warn("[conformance] Plaid's OpenAPI file not found (set PLAID_OPENAPI_SPEC): suite skipped");

// Every endpoint's answers, success and error, validated against Plaid's OpenAPI schemas.
describe.skipIf(!spec)("conformance with Plaid's OpenAPI file", () => {
  let emulator: RunningEmulator;
  let schemas: PlaidSchemas;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const auth = { "PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": SECRET };
  const call = (path: string, body: Record<string, unknown>) => postJson(`${emulator.url}${path}`, body, auth);

  function expectValid(path: string, answer: { status: number; body: unknown }): void {
    const validate = answer.status === 200 ? schemas.response(path) : schemas.response(path, "default");
    expect(validate(answer.body), `${path} → ${answer.status}\n${violations(validate)}`).toBe(true);
  }
  async function success(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const answer = await call(path, body);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expectValid(path, answer);
    return answer.body;
  }

  beforeAll(async () => {
    schemas = loadPlaidSchemas();
    emulator = await startTestEmulator({ readyDelayMs: 3_600_000, timeScale: 1 });
    receiver = await startReceiver();
  }, 60_000);
  afterAll(async () => {
    await emulator.close();
    await receiver.close();
  });

  it("has validators that reject what Plaid would not send", () => {
    expect(schemas.response("/item/get")({ request_id: "x" })).toBe(false);
    expect(schemas.schema("PlaidError")({ error_type: "ITEM_ERROR", error_code: "X", error_message: "m", display_message: null, status: "400" })).toBe(false);
    expect(schemas.schema("AccountBalance")({ available: null, current: null, limit: null, iso_currency_code: null, unofficial_currency_code: null })).toBe(true);
  });

  it("validates every success response", async () => {
    await success("/link/token/create", { client_name: "Ledgerlink", language: "en", country_codes: ["US"], user: { client_user_id: "u1" }, products: ["transactions"], webhook: receiver.url });
    const { public_token } = await success("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions"], options: { webhook: receiver.url } });
    const { access_token, item_id } = await success("/item/public_token/exchange", { public_token });
    const token = { access_token };

    const notReady = await success("/transactions/sync", token);
    expect(notReady.transactions_update_status).toBe("NOT_READY");
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/ready`, {});
    const first = await success("/transactions/sync", { ...token, count: 500, options: { include_original_description: true } });
    expect((first.added as unknown[]).length).toBeGreaterThan(100);
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/advance`, { steps: 2 });
    const changes = await success("/transactions/sync", { ...token, cursor: first.next_cursor, count: 500 });
    expect((changes.modified as unknown[]).length + (changes.removed as unknown[]).length).toBeGreaterThan(0);

    await success("/link/token/create", { client_name: "Ledgerlink", language: "en", country_codes: ["US"], user: { client_user_id: "u1" }, access_token });
    await success("/item/get", token);
    await success("/accounts/get", token);
    await success("/accounts/balance/get", token);
    await success("/identity/get", token);
    await success("/institutions/get_by_id", { institution_id: "ins_109508", country_codes: ["US"], options: { include_optional_metadata: true } });
    await success("/transactions/refresh", token);
    await success("/sandbox/transactions/create", { ...token, transactions: [{ date_transacted: "2024-01-02", date_posted: "2024-01-03", amount: 12.34, description: "Corner Deli" }] });
    await success("/item/webhook/update", { ...token, webhook: receiver.url });
    await success("/sandbox/item/fire_webhook", { ...token, webhook_code: "NEW_ACCOUNTS_AVAILABLE" });
    const keys = await getJson(`${emulator.url}/__emulator/webhooks/keys`);
    const kid = (keys.keys as { kid: string }[])[0]?.kid;
    await success("/webhook_verification_key/get", { key_id: kid });
    await success("/sandbox/item/reset_login", token);
    await success("/item/get", token);
    await success("/item/remove", token);
  });

  it("validates error responses against PlaidError", async () => {
    const cases: [string, Record<string, unknown>, Record<string, string>?][] = [
      ["/item/get", { access_token: "access-sandbox-00000000-0000-0000-0000-000000000000" }],
      ["/item/get", {}],
      ["/item/public_token/exchange", { public_token: "public-sandbox-nope" }],
      ["/transactions/sync", { access_token: "access-sandbox-x", count: 9000 }],
      ["/institutions/get_by_id", { institution_id: "ins_0", country_codes: ["US"] }],
      ["/webhook_verification_key/get", { key_id: "nope" }],
      ["/link/token/create", { client_name: "x" }],
    ];
    for (const [path, body] of cases) {
      const answer = await call(path, body);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expectValid(path, answer);
    }
    const badKeys = await postJson(`${emulator.url}/accounts/get`, { access_token: "x" }, { "PLAID-CLIENT-ID": "a", "PLAID-SECRET": "b" });
    expectValid("/accounts/get", badKeys);
    await postJson(`${emulator.url}/__emulator/faults`, { endpoint: "/accounts/get", kind: "http500" });
    expectValid("/accounts/get", await call("/accounts/get", { access_token: "x" }));
  });

  it("validates recurring streams, liabilities and the OAuth bank", async () => {
    const { public_token } = await success("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions", "liabilities"] });
    const { access_token, item_id } = await success("/item/public_token/exchange", { public_token });
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/ready`, {});
    const recurring = await success("/transactions/recurring/get", { access_token, options: { include_personal_finance_category: true } });
    expect((recurring.inflow_streams as unknown[]).length + (recurring.outflow_streams as unknown[]).length).toBeGreaterThanOrEqual(7);
    const liabilities = await success("/liabilities/get", { access_token });
    expect(Object.keys(liabilities.liabilities as object).sort()).toEqual(["credit", "mortgage", "student"]);
    await success("/institutions/get_by_id", { institution_id: "ins_127287", country_codes: ["US"], options: { include_optional_metadata: true } });
    await success("/item/get", { access_token });
  });

  it("validates the new error answers against PlaidError", async () => {
    const plain = await success("/item/public_token/exchange", { public_token: (await success("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions"] })).public_token });
    const canadian = await success("/item/public_token/exchange", {
      public_token: (await success("/sandbox/public_token/create", { institution_id: "ins_200001", initial_products: ["transactions", "liabilities"] })).public_token,
    });
    const cases: [string, Record<string, unknown>, string][] = [
      ["/transactions/recurring/get", { access_token: plain.access_token }, "PRODUCT_NOT_READY"],
      ["/liabilities/get", { access_token: plain.access_token }, "ADDITIONAL_CONSENT_REQUIRED"],
      ["/liabilities/get", { access_token: canadian.access_token }, "PRODUCTS_NOT_SUPPORTED"],
      ["/link/token/create", { client_name: "x", language: "en", country_codes: ["US"], user: { client_user_id: "u" }, products: ["transactions"], redirect_uri: "https://nope.example/cb" }, "INVALID_FIELD"],
    ];
    for (const [path, body, code] of cases) {
      const answer = await call(path, body);
      expect(answer.body.error_code).toBe(code);
      expectValid(path, answer);
    }
    await postJson(`${emulator.url}/__emulator/items/${String(plain.item_id)}/ready`, {});
    const wrongAccount = await call("/transactions/recurring/get", { access_token: plain.access_token, account_ids: ["nope"] });
    expect(wrongAccount.body.error_code).toBe("INVALID_ACCOUNT_ID");
    expectValid("/transactions/recurring/get", wrongAccount);

    // Link hands its errors to onExit; they are Plaid error objects too.
    const link = await success("/link/token/create", { client_name: "x", language: "en", country_codes: ["US"], user: { client_user_id: "u" }, products: ["transactions"] });
    const session = await postJson(`${emulator.url}/link/ui/api/session`, { link_token: link.link_token });
    const login = await postJson(`${emulator.url}/link/ui/api/login`, { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password: "mfa_device" });
    expect(login.body.mfa).toBeTruthy();
    await postJson(`${emulator.url}/link/ui/api/mfa`, { link_session_id: session.body.link_session_id, device: "phone" });
    const linkErrors = [
      await postJson(`${emulator.url}/link/ui/api/mfa`, { link_session_id: session.body.link_session_id, answers: ["0000"] }),
      await postJson(`${emulator.url}/link/ui/api/oauth/resume`, { link_token: link.link_token, received_redirect_uri: `https://app.example/?oauth_state_id=${crypto.randomUUID()}` }),
      await postJson(`${emulator.url}/link/ui/api/oauth/resume`, { link_token: link.link_token, received_redirect_uri: "https://app.example/?oauth_state_id=forged" }),
    ];
    const validate = schemas.schema("PlaidError");
    expect(linkErrors.map((answer) => answer.body.error_code)).toEqual(["INVALID_MFA", "OAUTH_STATE_ID_NOT_FOUND", "INVALID_FIELD"]);
    for (const answer of linkErrors) expect(validate(answer.body), violations(validate)).toBe(true);
  });

  it("sends SYNC_UPDATES_AVAILABLE for both phases of a split history in Plaid's schema", async () => {
    const split = await startTestEmulator({ historyDelayMs: 5000, timeScale: 0.01 });
    const hook = await startReceiver();
    try {
      const { public_token } = (await postJson(`${split.url}/sandbox/public_token/create`, { institution_id: "ins_109508", initial_products: ["transactions"], options: { webhook: hook.url } }, auth)).body;
      await postJson(`${split.url}/item/public_token/exchange`, { public_token }, auth);
      await hook.waitFor(2);
      const validate = schemas.schema("SyncUpdatesAvailableWebhook");
      const bodies = hook.received.map((webhook) => JSON.parse(webhook.body) as Record<string, unknown>);
      expect(bodies.map((body) => body.historical_update_complete).sort()).toEqual([false, true]);
      for (const body of bodies) expect(validate(body), violations(validate)).toBe(true);
    } finally {
      await hook.close();
      await split.close();
    }
  });

  it("sends webhooks whose bodies match Plaid's webhook schemas", async () => {
    await receiver.waitFor(5);
    const expected: Record<string, string> = {
      "TRANSACTIONS/SYNC_UPDATES_AVAILABLE": "SyncUpdatesAvailableWebhook",
      "ITEM/ERROR": "ItemErrorWebhook",
      "ITEM/NEW_ACCOUNTS_AVAILABLE": "NewAccountsAvailableWebhook",
      "ITEM/WEBHOOK_UPDATE_ACKNOWLEDGED": "WebhookUpdateAcknowledgedWebhook",
      "ITEM/PENDING_EXPIRATION": "PendingExpirationWebhook",
      "ITEM/LOGIN_REPAIRED": "ItemLoginRepairedWebhook",
      "ITEM/USER_PERMISSION_REVOKED": "UserPermissionRevokedWebhook",
      "ITEM/PENDING_DISCONNECT": "PendingDisconnectWebhook",
      "TRANSACTIONS/RECURRING_TRANSACTIONS_UPDATE": "RecurringTransactionsUpdateWebhook",
      "LIABILITIES/DEFAULT_UPDATE": "LiabilitiesDefaultUpdateWebhook",
    };
    // Items made only to fire the remaining codes through the controls.
    const { public_token } = await success("/sandbox/public_token/create", { institution_id: "ins_109508", initial_products: ["transactions", "liabilities"], options: { webhook: receiver.url } });
    const { item_id, access_token } = await success("/item/public_token/exchange", { public_token });
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/ready`, {});
    await success("/transactions/recurring/get", { access_token });
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/transactions/add`, { transactions: [{ recurring: "rent", amount: 1500 }] });
    const card = ((await success("/accounts/get", { access_token })).accounts as { account_id: string; mask: string }[]).find((account) => account.mask === "3333");
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/liabilities`, { account_id: card?.account_id, changes: { is_overdue: true } });
    await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/webhook`, { webhook_type: "ITEM", webhook_code: "LOGIN_REPAIRED" });
    for (const state of ["pending_expiration", "pending_disconnect", "revoked"]) {
      await postJson(`${emulator.url}/__emulator/items/${String(item_id)}/state`, { state });
    }
    const kinds = () => new Set(receiver.received.map((webhook) => { const body = JSON.parse(webhook.body) as { webhook_type: string; webhook_code: string }; return `${body.webhook_type}/${body.webhook_code}`; }));
    for (let waited = 0; Object.keys(expected).some((kind) => !kinds().has(kind)) && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seen = new Set<string>();
    for (const webhook of receiver.received) {
      const body = JSON.parse(webhook.body) as { webhook_type: string; webhook_code: string };
      const name = expected[`${body.webhook_type}/${body.webhook_code}`];
      if (name === undefined) continue;
      seen.add(name);
      const validate = schemas.schema(name);
      expect(validate(body), `${name}\n${violations(validate)}`).toBe(true);
    }
    expect([...seen].sort()).toEqual(Object.values(expected).sort());
  });
});
