import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { jobs, plaidWebhookEvents, webhookVerificationKeys } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { createPlaidClient } from "@/server/plaid/client";
import { createSyncTestKit, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { createTestWebhookSigner, plaidWebhookBody } from "@/server/plaid/testing/test-webhook-signer";
import { receivePlaidWebhook, type WebhookIntakeDeps } from "./receive-webhook";
import { serveWebhookIntake } from "./serve-webhook-intake";
import { verifyPlaidWebhook } from "./verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher, WEBHOOK_KEY_FETCH_TIMEOUT_MS, type WebhookKeyCacheOptions } from "./webhook-keys";
import { databaseWebhookKeyStore } from "./webhook-keys-store";

// Key fetches go over HTTP to the emulator, exactly as they would go to Plaid; the intake runs on
// a plain Node server the emulator delivers its signed webhooks to, and retries like Plaid.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let kit: SyncTestKit;

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
});
afterAll(async () => {
  await kit.close();
});
beforeEach(async () => {
  await kit.control("faults/clear", {});
  await kit.handle.db.delete(plaidWebhookEvents);
  await kit.handle.db.delete(jobs);
  await kit.handle.db.delete(webhookVerificationKeys);
});

/** The kit's client, counting the calls that reach /webhook_verification_key/get (and which kids they asked for). */
function countingKeyClient(base: PlaidApi = kit.plaid.client) {
  const counter = { keyCalls: 0, kids: [] as string[] };
  const client = Object.assign(Object.create(base) as PlaidApi, {
    webhookVerificationKeyGet: (...args: Parameters<PlaidApi["webhookVerificationKeyGet"]>) => {
      counter.keyCalls += 1;
      counter.kids.push(args[0].key_id);
      return base.webhookVerificationKeyGet(...args);
    },
  });
  return { client, counter };
}

function captureLogs() {
  const lines: { level: number; msg: string; reason?: string; plaid?: { code?: string; kind?: string } }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(line) as (typeof lines)[number]);
      done();
    },
  });
  return { lines, logger: createLogger({ level: "info", destination }) };
}

/** The app's wiring (cache + Plaid fetcher) around a given client. */
function intakeDeps(client: PlaidApi, cache: Partial<WebhookKeyCacheOptions> = {}, logger = createLogger({ level: "silent" }), trustedProxyHops = 0) {
  const getKey = createWebhookKeyCache({ fetchKey: plaidWebhookKeyFetcher(client), ...cache });
  const deps: WebhookIntakeDeps = {
    getDb: async () => kit.handle.db,
    verify: (raw, header, context) => verifyPlaidWebhook(raw, header, { getKey, clientAddress: context.clientAddress }),
    logger,
    trustedProxyHops,
  };
  return { deps, getKey };
}

/** One app instance as app-intake-deps wires it: its own memory, keys stored in the shared database. */
function appInstance(trustedProxyHops = 0) {
  const { client, counter } = countingKeyClient();
  const { deps } = intakeDeps(client, { store: databaseWebhookKeyStore(async () => kit.handle.db) }, createLogger({ level: "silent" }), trustedProxyHops);
  return { deps, counter };
}

/** POSTs each forged header with the body over HTTP, 50 at a time; answers the statuses. */
async function flood(url: string, body: string, jwts: string[], headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < jwts.length; i += 50) {
    const batch = jwts.slice(i, i + 50).map(async (jwt) => {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "plaid-verification": jwt, ...headers }, body });
      return response.status;
    });
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** A webhook receiver that only keeps what the emulator sent: genuine, signed deliveries to replay. */
async function captureDeliveries() {
  const captured: { body: string; jwt: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      captured.push({ body: Buffer.concat(chunks).toString("utf8"), jwt: String(req.headers["plaid-verification"]) });
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, captured, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function counts() {
  const [events] = await kit.handle.db.select({ n: sql<number>`count(*)::int` }).from(plaidWebhookEvents);
  const [queued] = await kit.handle.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
  return { events: events?.n ?? -1, jobs: queued?.n ?? -1 };
}

interface EmulatorDelivery {
  id: number;
  state: string;
  attempts: { status: number | null }[];
}

async function deliveries(plaidItemId: string): Promise<EmulatorDelivery[]> {
  const answer = (await kit.control(`webhooks/deliveries?item_id=${plaidItemId}`)) as { deliveries: EmulatorDelivery[] };
  return answer.deliveries;
}

/** Waits until the emulator has delivered everything it sent for the item (answered 200). */
async function allDelivered(plaidItemId: string): Promise<EmulatorDelivery[]> {
  await expect.poll(async () => (await deliveries(plaidItemId)).every((d) => d.state === "delivered"), { timeout: 10_000 }).toBe(true);
  return deliveries(plaidItemId);
}

async function currentKid(): Promise<string> {
  const answer = (await kit.control("webhooks/keys")) as { keys: { kid: string; expired_at: number | null }[] };
  const kid = answer.keys.find((k) => k.expired_at === null)?.kid;
  if (!kid) throw new Error("the emulator published no current key");
  return kid;
}

const forgedBody = (plaidItemId: string) =>
  plaidWebhookBody({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: plaidItemId, initial_update_complete: true, historical_update_complete: true });

function post(url: string, body: string, jwt: string) {
  return new Request(url, { method: "POST", headers: { "content-type": "application/json", "plaid-verification": jwt }, body });
}

describe("a flood of forged key ids", () => {
  it("costs at most 5 key calls (one sender's allowance) for 1,000 forged deliveries, writes nothing for them, and a genuine delivery right after is 200 with no refetch", async () => {
    const { client, counter } = countingKeyClient();
    const server = await serveWebhookIntake(intakeDeps(client).deps);
    try {
      const item = await kit.connect({ webhook: server.url });
      // The emulator announces the item's data with a signed delivery: the real key is fetched once.
      const first = await allDelivered(item.plaidItemId);
      expect(first.length).toBeGreaterThan(0);
      expect(counter.keyCalls).toBe(1);
      const before = await counts();

      const forger = await createTestWebhookSigner();
      const body = forgedBody(item.plaidItemId);
      const forged = await Promise.all(Array.from({ length: 1000 }, () => forger.sign(body, { kid: randomUUID() })));
      const statuses: number[] = [];
      for (let i = 0; i < forged.length; i += 50) {
        const batch = forged.slice(i, i + 50).map(async (jwt) => (await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", "plaid-verification": jwt }, body })).status);
        statuses.push(...(await Promise.all(batch)));
      }

      // The genuine key's fetch was one of this sender's 5 a minute; the other 4 went to forged kids (401),
      // everything beyond waited for a later minute (503, no call).
      expect(counter.keyCalls).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 401)).toHaveLength(counter.keyCalls - 1);
      expect(statuses.filter((s) => s === 503)).toHaveLength(1000 - (counter.keyCalls - 1));
      expect(await counts()).toEqual(before);

      const keyCallsAfterFlood = counter.keyCalls;
      await kit.control(`items/${item.plaidItemId}/webhook`, { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", initial_update_complete: true, historical_update_complete: true });
      const after = await allDelivered(item.plaidItemId);
      const latest = after.at(-1);
      expect(after).toHaveLength(first.length + 1);
      expect(latest?.attempts.map((a) => a.status)).toEqual([200]);
      expect(counter.keyCalls).toBe(keyCallsAfterFlood);
      expect((await counts()).events).toBe(before.events + 1);
    } finally {
      await server.close();
    }
  });
});

describe("verified keys outlive the process", () => {
  it("answers a genuine delivery 200 with no key lookup at a freshly started second instance, after 1,000 forged kids spent its budget", async () => {
    const first = appInstance();
    const firstServer = await serveWebhookIntake(first.deps);
    const second = appInstance();
    const secondServer = await serveWebhookIntake(second.deps);
    try {
      const kid = await currentKid();
      const itemAtFirst = await kit.connect({ webhook: firstServer.url });
      await allDelivered(itemAtFirst.plaidItemId);
      expect(first.counter.kids).toEqual([kid]);

      // The second instance has never seen a key in memory; forged kids exhaust what it may ask Plaid.
      const forger = await createTestWebhookSigner();
      const body = forgedBody(itemAtFirst.plaidItemId);
      const forged = await Promise.all(Array.from({ length: 1000 }, () => forger.sign(body, { kid: randomUUID() })));
      const statuses = await flood(secondServer.url, body, forged);
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(900);
      expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
      const eventsBefore = (await counts()).events;

      // Plaid's genuine deliveries for another item now go to the second instance, signed with the known key.
      const itemAtSecond = await kit.connect({ webhook: secondServer.url });
      const delivered = await allDelivered(itemAtSecond.plaidItemId);
      expect(delivered.length).toBeGreaterThan(0);
      expect(delivered.every((d) => d.attempts.map((a) => a.status).join() === "200")).toBe(true);
      expect(second.counter.kids).not.toContain(kid);
      expect((await counts()).events).toBe(eventsBefore + delivered.length);
    } finally {
      await firstServer.close();
      await secondServer.close();
    }
  });
});

describe("the budget for kids nobody knows yet", () => {
  it("is kept per client address: 1,000 forged kids from one address leave another address's first sighting of a rotated key its lookup", async () => {
    // Behind one trusted proxy: the proxy's X-Forwarded-For entry names the sender.
    const instance = appInstance(1);
    const server = await serveWebhookIntake(instance.deps);
    const capture = await captureDeliveries();
    try {
      await kit.control("webhooks/rotate-key", {});
      const rotatedKid = await currentKid();
      const item = await kit.connect({ webhook: capture.url });
      await allDelivered(item.plaidItemId);
      const genuine = capture.captured[0];
      if (!genuine) throw new Error("the emulator delivered nothing to capture");

      const forger = await createTestWebhookSigner();
      const body = forgedBody(item.plaidItemId);
      const forged = await Promise.all(Array.from({ length: 1000 }, () => forger.sign(body, { kid: randomUUID() })));
      const statuses = await flood(server.url, body, forged, { "x-forwarded-for": "203.0.113.7" });
      const forgedLookups = instance.counter.keyCalls;
      expect(forgedLookups).toBeLessThanOrEqual(5);
      expect(statuses.filter((s) => s === 503)).toHaveLength(1000 - forgedLookups);

      // Plaid's delivery, from its own address, with a kid this instance has never seen.
      const response = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", "plaid-verification": genuine.jwt, "x-forwarded-for": "52.21.26.131" },
        body: genuine.body,
      });
      expect(response.status).toBe(200);
      expect(instance.counter.kids.filter((k) => k === rotatedKid)).toHaveLength(1);
      expect(instance.counter.keyCalls).toBe(forgedLookups + 1);
    } finally {
      await server.close();
      await capture.close();
    }
  });
});

describe("key fetch failures answer 503 and write nothing", () => {
  it("treats Plaid refusing our credentials as our fault: 503 and an error log, not 401 and a warning, and not remembered", async () => {
    const badKeys = createPlaidClient({ basePath: kit.emulatorUrl, clientId: "emulator-client-id", secret: "not-the-secret" });
    const { client, counter } = countingKeyClient(badKeys);
    const { lines, logger } = captureLogs();
    const { deps } = intakeDeps(client, {}, logger);
    const signer = await createTestWebhookSigner(await currentKid());
    const body = forgedBody("item-any");

    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await receivePlaidWebhook(post("http://127.0.0.1/api/plaid/webhook", body, await signer.sign(body)), deps);
      expect(response.status).toBe(503);
    }
    expect(counter.keyCalls).toBe(2);
    expect(lines.map((l) => [l.level, l.reason, l.plaid?.code, l.plaid?.kind])).toEqual([
      [50, "key_unavailable", "INVALID_API_KEYS", "invalid_request"],
      [50, "key_unavailable", "INVALID_API_KEYS", "invalid_request"],
    ]);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("answers 401 only for Plaid's own 'unknown key_id' answer, and asks about that kid once", async () => {
    const { client, counter } = countingKeyClient();
    const { deps } = intakeDeps(client);
    const signer = await createTestWebhookSigner(randomUUID());
    const body = forgedBody("item-any");
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await receivePlaidWebhook(post("http://127.0.0.1/api/plaid/webhook", body, await signer.sign(body)), deps)).status).toBe(401);
    }
    expect(counter.keyCalls).toBe(1);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("answers 503 when Plaid's key endpoint fails (500), without remembering the kid as forged", async () => {
    await kit.control("faults", { endpoint: "/webhook_verification_key/get", kind: "http500", count: 1 });
    const { client, counter } = countingKeyClient();
    const { deps } = intakeDeps(client);
    // Our own key under the emulator's real kid: once the key is found, the signature fails.
    const impostor = await createTestWebhookSigner(await currentKid());
    const body = forgedBody("item-any");
    const deliver = async () => (await receivePlaidWebhook(post("http://127.0.0.1/api/plaid/webhook", body, await impostor.sign(body)), deps)).status;
    expect(await deliver()).toBe(503);
    expect(await deliver()).toBe(401);
    expect(counter.keyCalls).toBe(2);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("gives up on a hung key fetch after 3 s and answers 503, well inside Plaid's 10 s", async () => {
    await kit.control("faults", { endpoint: "/webhook_verification_key/get", kind: "delay", delay_ms: 8_000, count: 1 });
    const { deps } = intakeDeps(kit.plaid.client);
    const signer = await createTestWebhookSigner(await currentKid());
    const body = forgedBody("item-any");
    const request = post("http://127.0.0.1/api/plaid/webhook", body, await signer.sign(body));
    const started = performance.now();
    const response = await receivePlaidWebhook(request, deps);
    const elapsed = performance.now() - started;
    expect(response.status).toBe(503);
    expect(WEBHOOK_KEY_FETCH_TIMEOUT_MS).toBe(3_000);
    expect(elapsed).toBeGreaterThanOrEqual(2_900);
    expect(elapsed).toBeLessThan(4_500);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });
});

describe("key refresh", () => {
  it("keeps accepting genuine deliveries with the last good key while Plaid's key endpoint is down, and learns of a rotation afterwards", async () => {
    let now = 0;
    const { client, counter } = countingKeyClient();
    const failed: string[] = [];
    const { deps, getKey } = intakeDeps(client, { now: () => now, ttlMs: 1_000, refreshRetryMs: 100, onRefreshFailed: (kid) => failed.push(kid) });
    const server = await serveWebhookIntake(deps);
    try {
      const item = await kit.connect({ webhook: server.url });
      await allDelivered(item.plaidItemId);
      const kid = await currentKid();
      expect(counter.keyCalls).toBe(1);

      // The TTL is up and every key fetch fails: the known key keeps verifying.
      now = 1_000;
      await kit.control("faults", { endpoint: "/webhook_verification_key/get", kind: "http500", count: 1_000 });
      await kit.control(`items/${item.plaidItemId}/webhook`, { webhook_type: "ITEM", webhook_code: "NEW_ACCOUNTS_AVAILABLE" });
      const during = await allDelivered(item.plaidItemId);
      expect(during.at(-1)?.attempts.map((a) => a.status)).toEqual([200]);
      expect(failed).toEqual([kid]);

      // Plaid is back and has rotated: the refresh learns the old key expired.
      await kit.control("faults/clear", {});
      await kit.control("webhooks/rotate-key", {});
      now = 1_100;
      await kit.control(`items/${item.plaidItemId}/webhook`, { webhook_type: "ITEM", webhook_code: "NEW_ACCOUNTS_AVAILABLE" });
      const after = await allDelivered(item.plaidItemId);
      expect(after.at(-1)?.attempts.map((a) => a.status)).toEqual([200]);
      // A delivery still signed with the old key would now be rejected as expired.
      expect((await getKey(kid))?.expired_at).toEqual(expect.any(Number));
    } finally {
      await server.close();
    }
  });
});
