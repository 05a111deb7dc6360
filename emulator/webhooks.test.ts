import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { type AddressInfo } from "node:net";
import { compactVerify, decodeProtectedHeader, importJWK } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CountryCode, SandboxItemFireWebhookRequestWebhookCodeEnum, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { connectItem, getJson, plaidClient, postJson, startReceiver, startTestEmulator, type ReceivedWebhook } from "./testing/helpers";
import { parseRetryAfter, retryDelayMs } from "./webhooks/schedule";
import { type Delivery } from "./webhooks/deliveries";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

function nth(hook: Receiver, index: number): ReceivedWebhook {
  const webhook = hook.received[index];
  if (webhook === undefined) throw new Error(`no webhook #${index}`);
  return webhook;
}

function bodyOf(webhook: ReceivedWebhook | undefined): Record<string, unknown> {
  if (webhook === undefined) throw new Error("no webhook");
  return JSON.parse(webhook.body) as Record<string, unknown>;
}

describe("webhooks", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  const receivers: Receiver[] = [];
  const receiver = async (answers: number[] = []): Promise<Receiver> => {
    const started = await startReceiver(answers);
    receivers.push(started);
    return started;
  };
  const deliveries = async (itemId: string): Promise<Delivery[]> => (await getJson(`${emulator.url}/__emulator/webhooks/deliveries?item_id=${itemId}`)).deliveries as Delivery[];

  /** Verifies a delivery the way an app must: ES256 only, key by kid, hash of the raw bytes. */
  async function verify(webhook: ReceivedWebhook): Promise<{ kid: string; iat: number }> {
    const header = String(webhook.headers["plaid-verification"]);
    const protectedHeader = decodeProtectedHeader(header);
    expect(protectedHeader.alg).toBe("ES256");
    const kid = String(protectedHeader.kid);
    const { data } = await plaid.webhookVerificationKeyGet({ key_id: kid });
    const key = await importJWK({ ...data.key }, "ES256");
    const { payload } = await compactVerify(header, key);
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { iat: number; request_body_sha256: string };
    expect(claims.request_body_sha256).toBe(createHash("sha256").update(webhook.body, "utf8").digest("hex"));
    return { kid, iat: claims.iat };
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({ timeScale: 0.001, readyDelayMs: 0 });
    plaid = plaidClient(emulator.url);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  it("signs SYNC_UPDATES_AVAILABLE with ES256 over the raw, 2-space pretty-printed body", async () => {
    const hook = await receiver();
    const { itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    const webhook = nth(hook, 0);
    expect(bodyOf(webhook)).toEqual({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: itemId, initial_update_complete: true, historical_update_complete: true, environment: "sandbox" });
    expect(webhook.body).toBe(JSON.stringify(JSON.parse(webhook.body), null, 2));
    expect(webhook.headers["content-type"]).toBe("application/json");
    const { iat } = await verify(webhook);
    expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(5);
  });

  it("retries a failing endpoint after 30 s × 4ⁿ, scaled by timeScale", async () => {
    const hook = await receiver([500, 503, 500]);
    const { itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(4, 5000);
    const gaps = hook.received.slice(1).map((webhook, i) => webhook.at - nth(hook, i).at);
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(110);
    expect(gaps[2]).toBeGreaterThanOrEqual(470);
    const [delivery] = await deliveries(itemId);
    expect(delivery?.state).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 500, 200]);
    expect(delivery?.attempts.map((attempt) => attempt.delay_before_ms)).toEqual([0, 30, 120, 480]);
    // Every attempt is signed afresh and verifies.
    for (const webhook of hook.received) await verify(webhook);
  });

  it("follows Plaid's schedule up to 24 hours and honours Retry-After up to 4 hours", () => {
    const delays: number[] = [];
    let elapsed = 0;
    for (let retry = 1; ; retry++) {
      const delay = retryDelayMs(retry, elapsed);
      if (delay === undefined) break;
      delays.push(delay / 1000);
      elapsed += delay;
    }
    expect(delays).toEqual([30, 120, 480, 1920, 7680, 30720]);
    expect(retryDelayMs(1, 0, 120_000)).toBe(120_000);
    expect(retryDelayMs(1, 0, 10 * 3600_000)).toBe(4 * 3600_000);
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it("counts no answer within the timeout as a failure and retries", async () => {
    const slow = await startTestEmulator({ timeScale: 0.001, readyDelayMs: 0, webhookTimeoutMs: 100 });
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      req.resume();
      if (calls > 1) res.writeHead(200).end();
      // The first request is left hanging.
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const { itemId } = await connectItem(plaidClient(slow.url), { webhook: url });
      for (let waited = 0; calls < 2 && waited < 3000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
      const list = (await getJson(`${slow.url}/__emulator/webhooks/deliveries?item_id=${itemId}`)).deliveries as Delivery[];
      expect(list[0]?.attempts[0]).toMatchObject({ status: null, error: "no answer within 100 ms" });
      expect(list[0]?.attempts[1]?.status).toBe(200);
    } finally {
      server.closeAllConnections();
      server.close();
      await slow.close();
    }
  });

  it("rotates keys: the old key stays published with expired_at, new deliveries use the new kid", async () => {
    const hook = await receiver();
    const { accessToken } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    const before = await verify(nth(hook, 0));
    const rotated = await postJson(`${emulator.url}/__emulator/webhooks/rotate-key`, {});
    expect(rotated.body.expired_kid).toBe(before.kid);
    const old = await plaid.webhookVerificationKeyGet({ key_id: before.kid });
    expect(old.data.key.expired_at).toEqual(expect.any(Number));
    expect(old.data.key).toMatchObject({ alg: "ES256", crv: "P-256", kty: "EC", use: "sig" });
    await plaid.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: SandboxItemFireWebhookRequestWebhookCodeEnum.NewAccountsAvailable });
    await hook.waitFor(2);
    const after = await verify(nth(hook, 1));
    expect(after.kid).toBe(rotated.body.kid);
    const fresh = await plaid.webhookVerificationKeyGet({ key_id: after.kid });
    expect(fresh.data.key.expired_at).toBeNull();
  });

  it("delivers the next webhook twice when asked", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    await postJson(`${emulator.url}/__emulator/webhooks/duplicate-next`, { count: 1 });
    await plaid.sandboxItemFireWebhook({ access_token: accessToken, webhook_code: SandboxItemFireWebhookRequestWebhookCodeEnum.NewAccountsAvailable });
    await hook.waitFor(3);
    expect(nth(hook, 2).body).toBe(nth(hook, 1).body);
    const list = await deliveries(itemId);
    expect(list.at(-1)?.duplicate_of).toBe(list.at(-2)?.id);
  });

  it("holds deliveries and releases them in reverse order", async () => {
    const hook = await receiver();
    const { itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    await postJson(`${emulator.url}/__emulator/webhooks/hold`, {});
    await postJson(`${emulator.url}/__emulator/items/${itemId}/webhook`, { webhook_type: "ITEM", webhook_code: "NEW_ACCOUNTS_AVAILABLE" });
    await postJson(`${emulator.url}/__emulator/items/${itemId}/state`, { state: "login_required" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(hook.received).toHaveLength(1);
    await postJson(`${emulator.url}/__emulator/webhooks/release`, { order: "reverse" });
    await hook.waitFor(3);
    expect(hook.received.slice(1).map((webhook) => bodyOf(webhook).webhook_code)).toEqual(["ERROR", "NEW_ACCOUNTS_AVAILABLE"]);
    expect(bodyOf(hook.received[1])).toMatchObject({ error: { error_code: "ITEM_LOGIN_REQUIRED" } });
  });

  it("sends ITEM/ERROR after reset_login and LOGIN_REPAIRED after update mode", async () => {
    const hook = await receiver();
    const { accessToken } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    await plaid.sandboxItemResetLogin({ access_token: accessToken });
    await hook.waitFor(2);
    expect(bodyOf(hook.received[1])).toMatchObject({ webhook_type: "ITEM", webhook_code: "ERROR", error: { error_code: "ITEM_LOGIN_REQUIRED" } });
    const link = await plaid.linkTokenCreate({ client_name: "x", language: "en", country_codes: [CountryCode.Us], user: { client_user_id: "u" }, access_token: accessToken });
    const session = await postJson(`${emulator.url}/link/ui/api/session`, { link_token: link.data.link_token });
    const wrong = await postJson(`${emulator.url}/link/ui/api/login`, { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password: "nope" });
    expect(wrong.body.error_code).toBe("INVALID_CREDENTIALS");
    const login = await postJson(`${emulator.url}/link/ui/api/login`, { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password: "pass_good" });
    expect(login.body.public_token).toMatch(/^public-sandbox-/);
    await hook.waitFor(3);
    expect(bodyOf(hook.received[2])).toMatchObject({ webhook_type: "ITEM", webhook_code: "LOGIN_REPAIRED" });
    const item = await plaid.itemGet({ access_token: accessToken });
    expect(item.data.item.error).toBeNull();
  });

  it("acknowledges a webhook URL change at the new URL, and sends data-change webhooks there", async () => {
    const first = await receiver();
    const second = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: first.url });
    await first.waitFor(1);
    await plaid.itemWebhookUpdate({ access_token: accessToken, webhook: second.url });
    await second.waitFor(1);
    expect(bodyOf(second.received[0])).toMatchObject({ webhook_code: "WEBHOOK_UPDATE_ACKNOWLEDGED", new_webhook_url: second.url });
    await postJson(`${emulator.url}/__emulator/items/${itemId}/advance`, {});
    await second.waitFor(2);
    expect(bodyOf(second.received[1])).toMatchObject({ webhook_code: "SYNC_UPDATES_AVAILABLE" });
    expect(first.received).toHaveLength(1);
  });
});
