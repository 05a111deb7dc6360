import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs, plaidItems, plaidTransactions, plaidWebhookEvents } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { asSet, createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";
import { verifyPlaidWebhook } from "@/server/plaid/webhooks/verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "@/server/plaid/webhooks/webhook-keys";
import { receivePlaidWebhook, type WebhookIntakeDeps } from "@/server/plaid/webhooks/receive-webhook";
import { serveWebhookIntake } from "@/server/plaid/webhooks/serve-webhook-intake";
import { createJobHandlers } from "./job-handlers";
import { createWorker, type Worker } from "./worker";

vi.setConfig({ testTimeout: 90_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
let intake: WebhookIntakeDeps;
const logger = createLogger({ level: "silent" });

/** Counts /transactions/sync calls and the most that were ever in flight at once for one item. */
function instrumentedClient(base: PlaidApi) {
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0 };
  const client = Object.assign(Object.create(base) as PlaidApi, {
    transactionsSync: async (...args: Parameters<PlaidApi["transactionsSync"]>) => {
      stats.calls += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        // A little latency so overlapping syncs would actually overlap.
        await new Promise((resolve) => setTimeout(resolve, 5));
        return await base.transactionsSync(...args);
      } finally {
        stats.inFlight -= 1;
      }
    },
  });
  return { client, stats };
}

function workers(count: number, client: PlaidApi): Worker[] {
  return Array.from({ length: count }, (_, i) =>
    createWorker({
      db: kit.handle.db,
      handlers: createJobHandlers({ handle: kit.handle, plaid: { ...kit.plaid, client }, sync: { sleep: async () => {}, pageSize: 50 } }),
      logger,
      workerId: `test-worker-${i}`,
      pollMs: 20,
      backoff: { baseMs: 10, capMs: 50 },
    }),
  );
}

async function expectInStep(item: ConnectedTestItem) {
  const [emulator, database] = await Promise.all([kit.emulatorRows(item.plaidItemId), kit.databaseRows(item.id)]);
  expect(asSet(database)).toEqual(asSet(emulator));
}

/** A webhook endpoint that only captures what the emulator sends: raw bytes and headers. */
async function startCapture() {
  const captured: { body: Buffer; verification: string }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      captured.push({ body: Buffer.concat(chunks), verification: String(req.headers["plaid-verification"]) });
      res.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    captured,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
  const getKey = createWebhookKeyCache({ fetchKey: plaidWebhookKeyFetcher(kit.plaid.client) });
  intake = {
    getDb: async () => kit.handle.db,
    verify: (raw, header) => verifyPlaidWebhook(raw, header, { getKey }),
    logger,
  };
});
afterAll(async () => {
  await kit.close();
});

describe("from a real signed webhook to synced transactions", () => {
  it("turns one delivery replayed 50 times at once into one job, one sync and no duplicate rows", async () => {
    const capture = await startCapture();
    const item = await kit.connect({ webhook: capture.url });
    // The emulator announces the item's data with a signed SYNC_UPDATES_AVAILABLE.
    await expect.poll(() => capture.captured.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await capture.close();
    const [delivery] = capture.captured;
    if (!delivery) throw new Error("no delivery captured");

    const replay = () =>
      receivePlaidWebhook(
        new Request("http://127.0.0.1/api/plaid/webhook", {
          method: "POST",
          headers: { "content-type": "application/json", "plaid-verification": delivery.verification },
          body: Uint8Array.from(delivery.body),
        }),
        intake,
      );
    const responses = await Promise.all(Array.from({ length: 50 }, replay));
    expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 50 }, () => 200));

    const itemJobs = await kit.handle.db.select().from(jobs).where(eq(jobs.key, item.id));
    expect(itemJobs).toHaveLength(1);
    const outcomes = await kit.handle.db.select({ outcome: plaidWebhookEvents.outcome }).from(plaidWebhookEvents).where(eq(plaidWebhookEvents.plaidItemId, item.plaidItemId));
    expect(outcomes.filter((o) => o.outcome === "queued")).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === "duplicate")).toHaveLength(49);

    const { client, stats } = instrumentedClient(kit.plaid.client);
    const [worker] = workers(1, client);
    // The sync, then (the delivery said the history is complete) the first fetch of its recurring streams.
    expect(await worker?.drain()).toBe(2);
    const [row] = await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, item.id));
    expect(row?.syncState).toBe("idle");
    // One sync: its pages plus nothing else.
    expect(stats.calls).toBe(Math.ceil((row?.lastSyncAdded ?? 0) / 50) || 1);
    const [counts] = await kit.handle.db
      .select({ all: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${plaidTransactions.plaidTransactionId})::int` })
      .from(plaidTransactions)
      .where(eq(plaidTransactions.itemId, item.id));
    expect(counts?.all).toBe(counts?.distinct);
    await expectInStep(item);
  });

  it("never overlaps syncs of one item while many webhooks arrive and three workers run", async () => {
    const server = await serveWebhookIntake(intake);
    const item = await kit.connect({ webhook: server.url });
    const { client, stats } = instrumentedClient(kit.plaid.client);
    const pool = workers(3, client);
    for (const worker of pool) worker.start();
    try {
      // Changes at the emulator, each announced by a signed webhook, while the workers sync.
      for (let i = 0; i < 15; i += 1) {
        await kit.control(`items/${item.plaidItemId}/transactions/add`, { transactions: [{ amount: i + 1, name: `Burst ${i}` }] });
        await kit.control(`items/${item.plaidItemId}/webhook`, { webhook_type: "TRANSACTIONS", webhook_code: "DEFAULT_UPDATE", new_transactions: i });
        if (i % 5 === 0) await kit.control(`items/${item.plaidItemId}/advance`, { steps: 1 });
      }
      await expect
        .poll(
          async () => {
            const [open] = await kit.handle.db
              .select({ n: sql<number>`count(*)::int` })
              .from(jobs)
              .where(sql`${jobs.key} = ${item.id} and ${jobs.state} in ('queued', 'running')`);
            const deliveries = (await kit.control(`webhooks/deliveries?item_id=${item.plaidItemId}`)) as { deliveries: { state: string }[] };
            return (open?.n ?? 1) === 0 && deliveries.deliveries.every((d) => d.state !== "pending");
          },
          { timeout: 30_000, interval: 100 },
        )
        .toBe(true);
    } finally {
      await Promise.all(pool.map((worker) => worker.stop()));
      await server.close();
    }
    expect(stats.maxInFlight).toBe(1);
    expect(stats.calls).toBeGreaterThan(1);
    await expectInStep(item);
  });

  it("follows the item's health from ITEM webhooks through /item/get, and syncs once repaired", async () => {
    const server = await serveWebhookIntake(intake);
    const item = await kit.connect({ webhook: server.url });
    const [worker] = workers(1, kit.plaid.client);
    if (!worker) throw new Error("no worker");
    const statusOf = async () => (await kit.handle.db.select({ status: plaidItems.status }).from(plaidItems).where(eq(plaidItems.id, item.id)))[0]?.status;
    try {
      await kit.control(`items/${item.plaidItemId}/state`, { state: "login_required" });
      await expect
        .poll(async () => {
          await worker.drain();
          return statusOf();
        }, { timeout: 10_000 })
        .toBe("login_required");
      // Repaired elsewhere (another app's update mode): Plaid says so with LOGIN_REPAIRED.
      await kit.control(`items/${item.plaidItemId}/state`, { state: "healthy", webhook: false });
      await kit.control(`items/${item.plaidItemId}/webhook`, { webhook_type: "ITEM", webhook_code: "LOGIN_REPAIRED" });
      await expect
        .poll(async () => {
          await worker.drain();
          return statusOf();
        }, { timeout: 10_000 })
        .toBe("healthy");
      await worker.drain();
      await expectInStep(item);
    } finally {
      await server.close();
    }
  });
});
