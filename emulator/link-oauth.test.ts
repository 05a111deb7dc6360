import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CountryCode, Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { LINK_TOKEN_REQUEST, linkUi, plaidClient, plaidError, postJson, startReceiver, startTestEmulator, webhookBodies } from "./testing/helpers";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

const REDIRECT = "https://app.example/oauth-return";
const LOCAL_REDIRECT = "http://localhost:3000/oauth-return";
const OAUTH_BANK = "ins_127287";

// Plaid's sandbox OAuth bank (Platypus OAuth Bank): the consent page, the redirect back with
// oauth_state_id, resuming Link with the same token, and the redirect_uri rules.
describe("OAuth institutions in Link", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  let ui: ReturnType<typeof linkUi>;
  const receivers: Receiver[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: "oauth", allowedRedirectUris: [REDIRECT, LOCAL_REDIRECT] });
    plaid = plaidClient(emulator.url);
    ui = linkUi(emulator.url);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  const linkToken = async (extra: Record<string, unknown> = {}) => (await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, ...extra })).data.link_token;

  /** Session → choose the OAuth bank → the answer of oauth/start. */
  async function startOAuth(token: string): Promise<{ sessionId: string; stateId: string; redirectPath: string | null }> {
    const session = await ui("session", { link_token: token });
    const start = await ui("oauth/start", { link_session_id: session.body.link_session_id, institution_id: OAUTH_BANK });
    expect(start.status).toBe(200);
    return { sessionId: String(session.body.link_session_id), stateId: String(start.body.oauth_state_id), redirectPath: (start.body.redirect_path as string | null) ?? null };
  }

  /** The browser on the bank's consent page: the page, then Approve or Deny; returns where it is sent. */
  async function consent(redirectPath: string, decision: "approve" | "deny"): Promise<{ page: string; csp: string; location: string }> {
    const pageResponse = await fetch(`${emulator.url}${redirectPath}`);
    const page = await pageResponse.text();
    const stateId = new URL(redirectPath, emulator.url).searchParams.get("oauth_state_id") ?? "";
    const answer = await fetch(`${emulator.url}/link/oauth/consent`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ oauth_state_id: stateId, decision }).toString(),
      redirect: "manual",
    });
    expect(answer.status).toBe(303);
    return { page, csp: pageResponse.headers.get("content-security-policy") ?? "", location: answer.headers.get("location") ?? "" };
  }

  it("lists Platypus OAuth Bank as an OAuth institution", async () => {
    const session = await ui("session", { link_token: await linkToken() });
    expect(session.body.institutions).toContainEqual(expect.objectContaining({ institution_id: OAUTH_BANK, name: "Platypus OAuth Bank", oauth: true }));
    const institution = await plaid.institutionsGetById({ institution_id: OAUTH_BANK, country_codes: [CountryCode.Us] });
    expect(institution.data.institution).toMatchObject({ name: "Platypus OAuth Bank", oauth: true });
  });

  it("sends the page to the bank's consent page and back to redirect_uri?oauth_state_id; resuming with the same token finishes Link", async () => {
    const token = await linkToken({ redirect_uri: REDIRECT });
    const { sessionId, stateId, redirectPath } = await startOAuth(token);
    expect(redirectPath).toBe(`/link/oauth/consent?oauth_state_id=${stateId}`);

    const { page, csp, location } = await consent(redirectPath ?? "", "approve");
    expect(page).toContain("Platypus OAuth Bank");
    expect(page).toMatch(/<button[^>]*value="approve"[^>]*>Approve<\/button>/);
    expect(page).toMatch(/<button[^>]*value="deny"[^>]*>Deny<\/button>/);
    expect(csp).toContain("form-action 'self' https://app.example");
    expect(location).toBe(`${REDIRECT}?oauth_state_id=${stateId}`);

    const resumed = await ui("oauth/resume", { link_token: token, received_redirect_uri: location });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ done: false, session: { link_session_id: sessionId, mode: "new" }, institution: { institution_id: OAUTH_BANK } });
    const accounts = (resumed.body.accounts as { id: string }[]).map((account) => account.id);
    const finish = await ui("finish", { link_session_id: sessionId, account_ids: accounts });
    expect(finish.body.metadata).toMatchObject({ institution: { institution_id: OAUTH_BANK, name: "Platypus OAuth Bank" }, link_session_id: sessionId });
    const exchanged = await plaid.itemPublicTokenExchange({ public_token: String(finish.body.public_token) });
    const item = await plaid.itemGet({ access_token: exchanged.data.access_token });
    expect(item.data.item.institution_id).toBe(OAUTH_BANK);

    // The state is single use: Plaid answers 208 Already Reported with the error.
    const again = await ui("oauth/resume", { link_token: token, received_redirect_uri: location });
    expect(again.status).toBe(208);
    expect(again.body).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "OAUTH_STATE_ID_ALREADY_PROCESSED", status: 208 });
  });

  it("fails the resume with a different link token, a missing or malformed oauth_state_id (INVALID_FIELD) or an unknown one (404)", async () => {
    const token = await linkToken({ redirect_uri: REDIRECT });
    const { redirectPath } = await startOAuth(token);
    const { location } = await consent(redirectPath ?? "", "approve");

    const otherToken = await ui("oauth/resume", { link_token: await linkToken({ redirect_uri: REDIRECT }), received_redirect_uri: location });
    expect(otherToken.status).toBe(400);
    expect(otherToken.body).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "INCORRECT_LINK_TOKEN" });
    const invalidField = { error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD", status: 400 };
    const missing = await ui("oauth/resume", { link_token: token, received_redirect_uri: REDIRECT });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject(invalidField);
    const tampered = await ui("oauth/resume", { link_token: token, received_redirect_uri: `${location}x` });
    expect(tampered.body).toMatchObject(invalidField);
    const garbage = await ui("oauth/resume", { link_token: token, received_redirect_uri: "not a url" });
    expect(garbage.body).toMatchObject(invalidField);
    const unknown = await ui("oauth/resume", { link_token: token, received_redirect_uri: `${REDIRECT}?oauth_state_id=${crypto.randomUUID()}` });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error_type: "OAUTH_ERROR", error_code: "OAUTH_STATE_ID_NOT_FOUND", status: 404 });
    // The genuine one still works afterwards.
    expect((await ui("oauth/resume", { link_token: token, received_redirect_uri: location })).status).toBe(200);
  });

  it("ends Link with ACCESS_NOT_GRANTED when the user denies at the bank", async () => {
    const token = await linkToken({ redirect_uri: LOCAL_REDIRECT });
    const { redirectPath, stateId } = await startOAuth(token);
    const { location } = await consent(redirectPath ?? "", "deny");
    expect(location).toBe(`${LOCAL_REDIRECT}?oauth_state_id=${stateId}`);
    const resumed = await ui("oauth/resume", { link_token: token, received_redirect_uri: location });
    expect(resumed.status).toBe(400);
    expect(resumed.body).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ACCESS_NOT_GRANTED", display_message: expect.any(String) });
  });

  it("shows the consent inside Link when the token has no redirect_uri (the desktop popup path)", async () => {
    const token = await linkToken();
    const approved = await startOAuth(token);
    expect(approved.redirectPath).toBeNull();
    const decided = await ui("oauth/decide", { link_session_id: approved.sessionId, oauth_state_id: approved.stateId, decision: "approve" });
    expect(Array.isArray(decided.body.accounts)).toBe(true);
    // Without a redirect_uri there is no consent page to visit.
    expect((await fetch(`${emulator.url}/link/oauth/consent?oauth_state_id=${approved.stateId}`)).status).toBe(404);

    const denied = await startOAuth(await linkToken());
    const refused = await ui("oauth/decide", { link_session_id: denied.sessionId, oauth_state_id: denied.stateId, decision: "deny" });
    expect(refused.body).toMatchObject({ error_code: "ACCESS_NOT_GRANTED" });
  });

  it("opens the consent page in a popup (even with a redirect_uri): Link polls oauth/complete, the popup closes itself", async () => {
    const token = await linkToken({ redirect_uri: REDIRECT });
    const session = await ui("session", { link_token: token });
    const sessionId = String(session.body.link_session_id);
    const start = await ui("oauth/start", { link_session_id: sessionId, institution_id: OAUTH_BANK, oauth_mode: "popup" });
    const stateId = String(start.body.oauth_state_id);
    expect(start.body).toMatchObject({ oauth_mode: "popup", redirect_path: null, popup_path: `/link/oauth/consent?oauth_state_id=${stateId}` });
    expect((await ui("oauth/complete", { link_session_id: sessionId, oauth_state_id: stateId })).body).toMatchObject({ pending: true });

    const consentPage = await fetch(`${emulator.url}${String(start.body.popup_path)}`);
    expect(consentPage.status).toBe(200);
    const answer = await fetch(`${emulator.url}/link/oauth/consent`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ oauth_state_id: stateId, decision: "approve" }).toString(),
      redirect: "manual",
    });
    // No trip back through redirect_uri: the popup says so and closes itself.
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("window.close()");

    const completed = await ui("oauth/complete", { link_session_id: sessionId, oauth_state_id: stateId });
    expect(completed.body).toMatchObject({ pending: false, done: false, institution: { institution_id: OAUTH_BANK } });
    expect(Array.isArray(completed.body.accounts)).toBe(true);
    const again = await ui("oauth/complete", { link_session_id: sessionId, oauth_state_id: stateId });
    expect(again.status).toBe(208);
    expect(again.body).toMatchObject({ error_code: "OAUTH_STATE_ID_ALREADY_PROCESSED" });
    const malformed = await ui("oauth/complete", { link_session_id: sessionId, oauth_state_id: "nope" });
    expect(malformed.body).toMatchObject({ error_code: "INVALID_FIELD" });
  });

  it("repairs an OAuth item in update mode through the consent page, with LOGIN_REPAIRED", async () => {
    const hook = await startReceiver();
    receivers.push(hook);
    const created = await plaid.sandboxPublicTokenCreate({ institution_id: OAUTH_BANK, initial_products: [Products.Transactions], options: { webhook: hook.url } });
    const { access_token: accessToken } = (await plaid.itemPublicTokenExchange({ public_token: created.data.public_token })).data;
    await plaid.sandboxItemResetLogin({ access_token: accessToken });
    const token = await linkToken({ products: undefined, access_token: accessToken, redirect_uri: REDIRECT });
    const session = await ui("session", { link_token: token });
    expect(session.body).toMatchObject({ mode: "update", institution: { institution_id: OAUTH_BANK, oauth: true }, oauth_redirect: true });
    const start = await ui("oauth/start", { link_session_id: session.body.link_session_id, institution_id: OAUTH_BANK });
    const { location } = await consent(String(start.body.redirect_path), "approve");
    const resumed = await ui("oauth/resume", { link_token: token, received_redirect_uri: location });
    expect(resumed.body).toMatchObject({ done: true, public_token: expect.stringMatching(/^public-sandbox-/), session: { mode: "update" } });
    expect((await plaid.itemGet({ access_token: accessToken })).data.item.error).toBeNull();
    await hook.waitFor(3);
    // Deliveries may overtake each other under load; the set is what matters here.
    expect(webhookBodies(hook.received).map((body) => body.webhook_code).sort()).toEqual(["ERROR", "LOGIN_REPAIRED", "SYNC_UPDATES_AVAILABLE"]);
  });

  it("refuses a redirect_uri that is not on the allowed list, not https outside loopback, or has a query", async () => {
    const refuse = async (uri: string) => (await plaidError(plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, redirect_uri: uri }))).data;
    expect(await refuse("https://elsewhere.example/oauth")).toMatchObject({
      error_type: "INVALID_REQUEST",
      error_code: "INVALID_FIELD",
      error_message: "OAuth redirect URI must be configured in the developer dashboard. See https://plaid.com/docs/#oauth-redirect-uris",
    });
    expect((await refuse("http://app.example/oauth-return")).error_message).toContain("https");
    expect((await refuse(`${REDIRECT}?next=1`)).error_message).toContain("query");
    await expect(plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, redirect_uri: LOCAL_REDIRECT })).resolves.toBeTruthy();
  });

  it("changes the allowed list at run time, refusing URIs Plaid's dashboard would refuse", async () => {
    const next = "https://app.example/other-return";
    expect((await plaidError(plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, redirect_uri: next }))).data.error_code).toBe("INVALID_FIELD");
    const set = await postJson(`${emulator.url}/__emulator/allowed-redirect-uris`, { allowed_redirect_uris: [REDIRECT, LOCAL_REDIRECT, next] });
    expect(set.status).toBe(200);
    await expect(plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, redirect_uri: next })).resolves.toBeTruthy();
    const bad = await postJson(`${emulator.url}/__emulator/allowed-redirect-uris`, { allowed_redirect_uris: ["http://app.example/x"] });
    expect(bad.status).toBe(400);
    await expect(startTestEmulator({ allowedRedirectUris: ["http://app.example/x"] })).rejects.toThrow(/https/);
  });
});
