import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { base64url, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database, DatabaseHandle, Transaction } from "@/db/client";
import { jobs, plaidItems, plaidWebhookEvents, users } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { verifyPlaidWebhook, type WebhookVerificationKey } from "@/server/plaid/webhooks/verify-webhook";
import { createTestDatabase } from "@/test/test-database";
import { receivePlaidWebhook, type WebhookIntakeDeps } from "./receive-webhook";
import { createWebhookKeyCache } from "./webhook-keys";
import { createTestWebhookSigner, plaidWebhookBody, type TestWebhookSigner } from "@/server/plaid/testing/test-webhook-signer";

const PLAID_ITEM_ID = "item-webhook-test";

let handle: DatabaseHandle;
let signer: TestWebhookSigner;
let expiredSigner: TestWebhookSigner;
let itemRowId: string;

function deps(overrides: Partial<WebhookIntakeDeps> = {}): WebhookIntakeDeps {
  const keys = new Map<string, WebhookVerificationKey>([
    [signer.kid, signer.publicKey],
    [expiredSigner.kid, { ...expiredSigner.publicKey, expired_at: Math.floor(Date.now() / 1000) - 60 }],
  ]);
  return {
    getDb: async () => handle.db,
    verify: (rawBody, header) => verifyPlaidWebhook(rawBody, header, { getKey: async (kid) => keys.get(kid) ?? null }),
    logger: createLogger({ level: "silent" }),
    ...overrides,
  };
}

/** The database, except that inserting a webhook event fails (after the handler queued its job). */
function failingEventInserts(db: Database): Database {
  const failingTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, property, receiver) {
        if (property !== "insert") return Reflect.get(target, property, receiver) as unknown;
        return (table: Parameters<Transaction["insert"]>[0]) => {
          if (table === plaidWebhookEvents) throw new Error("disk full");
          return target.insert(table);
        };
      },
    });
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "transaction") return Reflect.get(target, property, receiver) as unknown;
      return (work: (tx: Transaction) => Promise<unknown>) => target.transaction((tx) => work(failingTx(tx)));
    },
  });
}

function post(body: string, headers: [string, string][]): Request {
  const h = new Headers({ "content-type": "application/json" });
  for (const [name, value] of headers) h.append(name, value);
  return new Request("http://localhost/api/plaid/webhook", { method: "POST", headers: h, body });
}

async function counts() {
  const [events] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(plaidWebhookEvents);
  const [queued] = await handle.db.select({ n: sql<number>`count(*)::int` }).from(jobs);
  return { events: events?.n ?? -1, jobs: queued?.n ?? -1 };
}

const syncBody = (extra: Record<string, unknown> = {}) =>
  plaidWebhookBody({
    webhook_type: "TRANSACTIONS",
    webhook_code: "SYNC_UPDATES_AVAILABLE",
    item_id: PLAID_ITEM_ID,
    initial_update_complete: true,
    historical_update_complete: false,
    ...extra,
  });

beforeAll(async () => {
  [handle, signer, expiredSigner] = await Promise.all([createTestDatabase(), createTestWebhookSigner("kid-current"), createTestWebhookSigner("kid-expired")]);
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
  const [item] = await handle.db
    .insert(plaidItems)
    .values({ userId, plaidItemId: PLAID_ITEM_ID, accessTokenCiphertext: "v1.test.x.y", accessTokenKeyId: "test" })
    .returning({ id: plaidItems.id });
  if (!item) throw new Error("no item");
  itemRowId = item.id;
});

afterAll(async () => {
  await handle.close();
});

beforeEach(async () => {
  await handle.db.delete(plaidWebhookEvents);
  await handle.db.delete(jobs);
});

describe("forged or broken deliveries", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<Request>][] = [
    ["has no Plaid-Verification header", async () => post(syncBody(), [])],
    [
      "repeats the Plaid-Verification header",
      async () => {
        const jwt = await signer.sign(syncBody());
        return post(syncBody(), [
          ["plaid-verification", jwt],
          ["plaid-verification", jwt],
        ]);
      },
    ],
    ["carries a malformed JWT", async () => post(syncBody(), [["plaid-verification", "not-a-jwt"]])],
    ["carries three junk segments", async () => post(syncBody(), [["plaid-verification", "a.b.c"]])],
    [
      "uses alg none",
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: "none", kid: signer.kid, typ: "JWT" }));
        const payload = base64url.encode(JSON.stringify({ iat: now(), request_body_sha256: "0".repeat(64) }));
        return post(syncBody(), [["plaid-verification", `${header}.${payload}.`]]);
      },
    ],
    [
      "uses alg none with a filler signature",
      async () => {
        const header = base64url.encode(JSON.stringify({ alg: "none", kid: signer.kid }));
        const payload = base64url.encode(JSON.stringify({ iat: now(), request_body_sha256: "0".repeat(64) }));
        return post(syncBody(), [["plaid-verification", `${header}.${payload}.AAAA`]]);
      },
    ],
    [
      "uses HS256 keyed with the public key",
      async () => {
        const body = syncBody();
        const { createHash } = await import("node:crypto");
        const jwt = await new SignJWT({ request_body_sha256: createHash("sha256").update(body).digest("hex") })
          .setProtectedHeader({ alg: "HS256", kid: signer.kid })
          .setIssuedAt()
          .sign(new TextEncoder().encode(JSON.stringify(signer.publicKey)));
        return post(body, [["plaid-verification", jwt]]);
      },
    ],
    ["names an unknown kid", async () => post(syncBody(), [["plaid-verification", await signer.sign(syncBody(), { kid: "kid-nobody" })]])],
    ["is signed with an expired key", async () => post(syncBody(), [["plaid-verification", await expiredSigner.sign(syncBody())]])],
    [
      "is signed by another key under the right kid",
      async () => {
        const impostor = await createTestWebhookSigner(signer.kid);
        return post(syncBody(), [["plaid-verification", await impostor.sign(syncBody())]]);
      },
    ],
    ["is older than five minutes", async () => post(syncBody(), [["plaid-verification", await signer.sign(syncBody(), { iat: now() - 301 })]])],
    ["claims to be from the future", async () => post(syncBody(), [["plaid-verification", await signer.sign(syncBody(), { iat: now() + 120 })]])],
    [
      "has one byte of the body changed after signing",
      async () => {
        const body = syncBody();
        const tampered = body.replace('"initial_update_complete": true', '"initial_update_complete": tru3');
        return post(tampered, [["plaid-verification", await signer.sign(body)]]);
      },
    ],
    [
      "has its body re-serialised without the whitespace",
      async () => {
        const body = syncBody();
        return post(JSON.stringify(JSON.parse(body)), [["plaid-verification", await signer.sign(body)]]);
      },
    ],
    [
      "is larger than the body cap (even when correctly signed)",
      async () => {
        const body = syncBody({ padding: "x".repeat(70 * 1024) });
        return post(body, [["plaid-verification", await signer.sign(body)]]);
      },
    ],
  ];

  it.each(cases)("answers 401 and writes nothing when the delivery %s", async (_name, build) => {
    const response = await receivePlaidWebhook(await build(), deps());
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthorized" });
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });
});

describe("genuine deliveries", () => {
  it("answers 200, records the event and queues a sync of the item", async () => {
    const body = syncBody();
    const response = await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps());
    expect(response.status).toBe(200);
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ outcome: "queued", webhookType: "TRANSACTIONS", webhookCode: "SYNC_UPDATES_AVAILABLE", plaidItemId: PLAID_ITEM_ID });
    const queued = await handle.db.select().from(jobs);
    expect(queued).toEqual([expect.objectContaining({ kind: "sync-transactions", key: itemRowId, state: "queued", id: events[0]?.jobId })]);
  });

  it("records the same delivery sent 50 times at once as one queued event, 49 duplicates and one job", async () => {
    const body = syncBody();
    const jwt = await signer.sign(body);
    const responses = await Promise.all(Array.from({ length: 50 }, () => receivePlaidWebhook(post(body, [["plaid-verification", jwt]]), deps())));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events.filter((e) => e.outcome === "queued")).toHaveLength(1);
    expect(events.filter((e) => e.outcome === "duplicate")).toHaveLength(49);
    expect(new Set(events.map((e) => e.jobId)).size).toBe(1);
    expect(await handle.db.select().from(jobs)).toHaveLength(1);
  });

  it("coalesces different deliveries for one item into the one queued sync", async () => {
    for (const code of ["SYNC_UPDATES_AVAILABLE", "DEFAULT_UPDATE", "HISTORICAL_UPDATE"]) {
      const body = syncBody({ webhook_code: code });
      expect((await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps())).status).toBe(200);
    }
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events.map((e) => e.outcome)).toEqual(["queued", "queued", "queued"]);
    expect(await handle.db.select().from(jobs)).toHaveLength(1);
  });

  it("queues fresh work for an identical body once the earlier job has started", async () => {
    const body = syncBody();
    const jwt = await signer.sign(body);
    await receivePlaidWebhook(post(body, [["plaid-verification", jwt]]), deps());
    await handle.db.update(jobs).set({ state: "running", lockedAt: new Date(), lockedBy: "someone" });
    await receivePlaidWebhook(post(body, [["plaid-verification", jwt]]), deps());
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events.map((e) => e.outcome)).toEqual(["queued", "queued"]);
    expect(await handle.db.select().from(jobs)).toHaveLength(2);
  });

  it("records unknown types and unknown items as ignored, answers 200 and queues nothing", async () => {
    for (const fields of [
      { webhook_type: "INCOME", webhook_code: "PRODUCT_READY", item_id: PLAID_ITEM_ID },
      { webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: "item-we-never-saw" },
      { webhook_type: "ITEM", webhook_code: "WEBHOOK_UPDATE_ACKNOWLEDGED", item_id: PLAID_ITEM_ID },
    ]) {
      const body = plaidWebhookBody(fields);
      expect((await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps())).status).toBe(200);
    }
    expect((await handle.db.select().from(plaidWebhookEvents)).map((e) => e.outcome)).toEqual(["ignored", "ignored", "ignored"]);
    expect(await handle.db.select().from(jobs)).toHaveLength(0);
  });

  it("queues a refresh for ITEM webhooks and flags NEW_ACCOUNTS_AVAILABLE", async () => {
    for (const code of ["ERROR", "NEW_ACCOUNTS_AVAILABLE"]) {
      const body = plaidWebhookBody({ webhook_type: "ITEM", webhook_code: code, item_id: PLAID_ITEM_ID, error: null });
      await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps());
    }
    expect(await handle.db.select({ kind: jobs.kind }).from(jobs)).toEqual([{ kind: "refresh-item" }]);
    const [item] = await handle.db.select({ flag: plaidItems.newAccountsAvailable }).from(plaidItems).where(eq(plaidItems.id, itemRowId));
    expect(item?.flag).toBe(true);
  });

  it("answers 503 when the database is unavailable, so Plaid retries", async () => {
    const body = syncBody();
    const response = await receivePlaidWebhook(
      post(body, [["plaid-verification", await signer.sign(body)]]),
      deps({ getDb: () => Promise.reject(new Error("connection refused")) }),
    );
    expect(response.status).toBe(503);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("answers 503 and leaves no job behind when recording the event fails after the job was queued", async () => {
    const body = syncBody();
    const response = await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps({ getDb: async () => failingEventInserts(handle.db) }));
    expect(response.status).toBe(503);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("answers 503 and writes nothing for an unknown kid over the key fetch budget, without fetching", async () => {
    const fetched: string[] = [];
    const getKey = createWebhookKeyCache({
      fetchKey: async (kid) => {
        fetched.push(kid);
        return null;
      },
      unknownKidFetchesPerMinute: 1,
    });
    const verify: WebhookIntakeDeps["verify"] = (raw, header) => verifyPlaidWebhook(raw, header, { getKey });
    const body = syncBody();
    const statuses = [];
    for (const kid of ["kid-forged-1", "kid-forged-2"]) {
      statuses.push((await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body, { kid })]]), deps({ verify }))).status);
    }
    expect(statuses).toEqual([401, 503]);
    expect(fetched).toEqual(["kid-forged-1"]);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });

  it("answers 503 when the verification key cannot be fetched", async () => {
    const body = syncBody();
    const response = await receivePlaidWebhook(
      post(body, [["plaid-verification", await signer.sign(body)]]),
      deps({ verify: (raw, header) => verifyPlaidWebhook(raw, header, { getKey: () => Promise.reject(new Error("ECONNREFUSED")) }) }),
    );
    expect(response.status).toBe(503);
    expect(await counts()).toEqual({ events: 0, jobs: 0 });
  });
});
