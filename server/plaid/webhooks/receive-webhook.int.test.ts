import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { base64url, SignJWT } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs, plaidItems, plaidWebhookEvents, users } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { verifyPlaidWebhook, type WebhookVerificationKey } from "@/server/plaid/webhooks/verify-webhook";
import { claimNextJob } from "@/server/jobs/claim-next-job";
import { createTestDatabase, testDriver } from "@/test/test-database";
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

/**
 * Every webhook event insert fails inside the database while `run` runs: intake is one statement,
 * so the failure lands after that statement already inserted the job.
 */
async function withFailingEventInserts(run: () => Promise<void>): Promise<void> {
  await handle.execRaw(`
    create function test_refuse_event() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$;
    create trigger test_refuse_event before insert on plaid_webhook_events for each row execute function test_refuse_event();`);
  try {
    await run();
  } finally {
    await handle.execRaw("drop trigger test_refuse_event on plaid_webhook_events; drop function test_refuse_event();");
  }
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
    await withFailingEventInserts(async () => {
      const response = await receivePlaidWebhook(post(body, [["plaid-verification", await signer.sign(body)]]), deps());
      expect(response.status).toBe(503);
    });
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

describe("concurrent deliveries (intake is one statement; unique indexes settle every race)", () => {
  const deliver = (body: string, jwt: string) => receivePlaidWebhook(post(body, [["plaid-verification", jwt]]), deps());

  it("joins a queued retry without touching its backoff, recording 30 identical deliveries at once as one queued event and 29 duplicates", async () => {
    const runAfter = new Date(Date.now() + 3_600_000);
    const [retry] = await handle.db
      .insert(jobs)
      .values({ kind: "sync-transactions", key: itemRowId, attempts: 2, lastError: "RATE_LIMIT_EXCEEDED", runAfter })
      .returning();
    const body = syncBody({ retry_test: true });
    const jwt = await signer.sign(body);
    const responses = await Promise.all(Array.from({ length: 30 }, () => deliver(body, jwt)));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 30 }, () => 200));
    expect(await handle.db.select().from(jobs)).toEqual([expect.objectContaining({ id: retry?.id, state: "queued", attempts: 2, lastError: "RATE_LIMIT_EXCEEDED", runAfter })]);
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events.filter((e) => e.outcome === "queued")).toHaveLength(1);
    expect(events.filter((e) => e.outcome === "duplicate")).toHaveLength(29);
    expect(new Set(events.map((e) => e.jobId))).toEqual(new Set([retry?.id]));
  });

  it("never attaches a delivery to a job after a worker's claim of it committed, with workers claiming throughout", async () => {
    const bodies = [syncBody({ race: 1 }), syncBody({ race: 2 })];
    const jwts = await Promise.all(bodies.map((body) => signer.sign(body)));
    const eventsOf = async (jobId: number) =>
      (await handle.db.select({ n: sql<number>`count(*)::int` }).from(plaidWebhookEvents).where(eq(plaidWebhookEvents.jobId, jobId)))[0]?.n ?? -1;
    // What each claimed job carried once its claim had committed: its run reads Plaid after that.
    const atClaim = new Map<number, number>();
    let sending = true;
    const worker = async (name: string) => {
      while (sending) {
        const job = await claimNextJob(handle.db, name, 60_000);
        if (!job) {
          await new Promise((resolve) => setTimeout(resolve, 1));
          continue;
        }
        atClaim.set(job.id, await eventsOf(job.id));
        await handle.db.update(jobs).set({ state: "succeeded", finishedAt: new Date() }).where(eq(jobs.id, job.id));
      }
    };
    const sender = async () => {
      for (let i = 0; i < 40; i += 1) await Promise.all(bodies.map((body, k) => deliver(body, jwts[k] ?? "")));
    };
    const senders = Promise.all([sender(), sender()]).finally(() => (sending = false));
    await Promise.all([worker("race-worker-1"), worker("race-worker-2"), senders]);

    expect(atClaim.size).toBeGreaterThan(1);
    const late = [];
    for (const [jobId, carried] of atClaim) if ((await eventsOf(jobId)) !== carried) late.push(jobId);
    expect(late).toEqual([]);
    const events = await handle.db.select().from(plaidWebhookEvents);
    expect(events).toHaveLength(160);
    // Every delivery rides on some job: none was dropped as a duplicate of a job that had started.
    expect(events.every((e) => e.jobId !== null)).toBe(true);
  });

  it.skipIf(testDriver() === "pglite")("makes a delivery that arrives while a worker is claiming the job wait, then queue a new job", async () => {
    const body = syncBody();
    const jwt = await signer.sign(body);
    await deliver(body, jwt);
    const [first] = await handle.db.select().from(jobs);
    if (!first) throw new Error("no job");
    let delivery: Promise<Response> | undefined;
    let answeredDuringClaim = false;
    await handle.db.transaction(async (tx) => {
      // A worker's claim, not committed yet: it holds the job's row lock.
      await tx.execute(sql`update jobs set state = 'running', locked_at = now(), locked_by = 'slow-worker' where id = ${first.id}`);
      const pending = deliver(body, jwt);
      delivery = pending;
      let answered = false;
      void pending.then(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      answeredDuringClaim = answered;
    });
    expect((await delivery)?.status).toBe(200);
    expect(answeredDuringClaim).toBe(false);
    const events = await handle.db.select().from(plaidWebhookEvents).orderBy(plaidWebhookEvents.receivedAt);
    expect(events.map((e) => e.outcome)).toEqual(["queued", "queued"]);
    const queued = await handle.db.select().from(jobs).where(eq(jobs.state, "queued"));
    expect(queued.map((j) => j.id)).toEqual([events[1]?.jobId]);
    expect(events[1]?.jobId).not.toBe(first.id);
  });
});
