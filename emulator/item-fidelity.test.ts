import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { connectItem, getJson, LINK_TOKEN_REQUEST, linkUi, plaidClient, plaidError, postJson, startReceiver, startTestEmulator, webhookBodies } from "./testing/helpers";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

// What Plaid's docs say about an item's life that the app must handle: a revoked item that still
// exists until /item/remove, PENDING_DISCONNECT with its reason and time, one revoked account,
// a withheld OAuth product permission, and institution errors that retrying does not fix.
describe("item lifecycle as Plaid documents it", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
  const control = (itemId: string, path: string, body: Record<string, unknown>) => postJson(`${emulator.url}/__emulator/items/${itemId}/${path}`, body);

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: "fidelity" });
    plaid = plaidClient(emulator.url);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  it("USER_PERMISSION_REVOKED: calls answer it as an INVALID_INPUT error and the item exists until /item/remove", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    await control(itemId, "state", { state: "revoked" });
    await hook.waitFor(2);
    expect(webhookBodies(hook.received, "USER_PERMISSION_REVOKED")[0]).toMatchObject({ webhook_type: "ITEM", error: { error_code: "USER_PERMISSION_REVOKED", error_type: "INVALID_INPUT" } });

    const sync = await plaidError(plaid.transactionsSync({ access_token: accessToken }));
    expect(sync.status).toBe(400);
    expect(sync.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "USER_PERMISSION_REVOKED" });
    // Still there (and billed) at Plaid: /item/get shows it with the error.
    const item = (await plaid.itemGet({ access_token: accessToken })).data.item;
    expect(item.error).toMatchObject({ error_code: "USER_PERMISSION_REVOKED" });
    await plaid.itemRemove({ access_token: accessToken });
    expect((await plaidError(plaid.itemGet({ access_token: accessToken }))).data.error_code).toBe("ITEM_NOT_FOUND");
  });

  it("PENDING_DISCONNECT carries the reason and disconnect_time; /item/get shows nothing for a migration", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    const when = new Date(Date.now() + 5 * 86_400_000).toISOString();
    await control(itemId, "state", { state: "pending_disconnect", reason: "INSTITUTION_MIGRATION", disconnect_time: when });
    await hook.waitFor(2);
    expect(webhookBodies(hook.received, "PENDING_DISCONNECT")[0]).toMatchObject({ webhook_type: "ITEM", item_id: itemId, reason: "INSTITUTION_MIGRATION", disconnect_time: when });
    const item = (await plaid.itemGet({ access_token: accessToken })).data.item;
    expect(item.error).toBeNull();
    expect(item.consent_expiration_time).toBeNull();
    expect((await getJson(`${emulator.url}/__emulator/items/${itemId}`)).pending_disconnect).toEqual({ reason: "INSTITUTION_MIGRATION", disconnectTime: when });
  });

  it("USER_ACCOUNT_REVOKED names the account, which /accounts/get no longer lists", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    const before = (await plaid.accountsGet({ access_token: accessToken })).data.accounts;
    const revoked = before[1]?.account_id ?? "";
    expect((await control(itemId, "revoke-account", { account_id: revoked })).status).toBe(200);
    await hook.waitFor(2);
    expect(webhookBodies(hook.received, "USER_ACCOUNT_REVOKED")[0]).toMatchObject({ webhook_type: "ITEM", item_id: itemId, account_id: revoked });
    const after = (await plaid.accountsGet({ access_token: accessToken })).data.accounts.map((account) => account.account_id);
    expect(after).toHaveLength(before.length - 1);
    expect(after).not.toContain(revoked);
    expect((await control(itemId, "revoke-account", { account_id: "nope" })).status).toBe(404);
  });

  it("ACCESS_NOT_GRANTED for a withheld product until update mode grants it; the item itself stays healthy", async () => {
    const { accessToken, itemId } = await connectItem(plaid, { products: [Products.Transactions] });
    await control(itemId, "withhold", { product: "transactions" });
    const refused = await plaidError(plaid.transactionsSync({ access_token: accessToken }));
    expect(refused.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ACCESS_NOT_GRANTED" });
    expect((await plaid.itemGet({ access_token: accessToken })).data.item.error).toBeNull();
    await expect(plaid.accountsGet({ access_token: accessToken })).resolves.toBeTruthy();

    const ui = linkUi(emulator.url);
    const token = (await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, products: undefined, access_token: accessToken })).data.link_token;
    const session = await ui("session", { link_token: token });
    const done = await ui("login", { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password: "pass_good" });
    expect(done.body).toMatchObject({ done: true });
    await expect(plaid.transactionsSync({ access_token: accessToken })).resolves.toBeTruthy();
  });

  it("answers UNSUPPORTED_RESPONSE, INSTITUTION_REGISTRATION_REQUIRED and UNAUTHORIZED_INSTITUTION as INSTITUTION_ERROR 400s", async () => {
    const { accessToken } = await connectItem(plaid);
    for (const code of ["UNSUPPORTED_RESPONSE", "INSTITUTION_REGISTRATION_REQUIRED", "UNAUTHORIZED_INSTITUTION"]) {
      expect((await postJson(`${emulator.url}/__emulator/faults`, { endpoint: "/transactions/sync", kind: "error", error_code: code })).status).toBe(200);
      const answer = await plaidError(plaid.transactionsSync({ access_token: accessToken }));
      expect(answer.status).toBe(400);
      expect(answer.data).toMatchObject({ error_type: "INSTITUTION_ERROR", error_code: code });
    }
  });
});
