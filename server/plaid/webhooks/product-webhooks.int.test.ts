import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountLiabilities, jobs, plaidItems, recurringStreams } from "@/db/schema";
import { createJobHandlers } from "@/server/jobs/job-handlers";
import { createWorker } from "@/server/jobs/worker";
import { createLogger } from "@/server/logger";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { recordWebhook } from "./record-webhook";
import { serveWebhookIntake } from "./serve-webhook-intake";
import { verifyPlaidWebhook } from "./verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "./webhook-keys";

const logger = createLogger({ level: "silent" });

// The emulator's signed webhooks through the real intake, and a worker running what they queue.
describe("recurring, liabilities and history webhooks", { timeout: 90_000 }, () => {
  let h: PlaidHarness;
  let intake: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    h = await createPlaidHarness();
    const getKey = createWebhookKeyCache({ fetchKey: plaidWebhookKeyFetcher(h.deps.client) });
    intake = await serveWebhookIntake({ getDb: async () => h.handle.db, verify: (raw, header) => verifyPlaidWebhook(raw, header, { getKey }), logger });
  }, 120_000);
  afterAll(async () => {
    await intake.close();
    await h.close();
  }, 60_000);

  async function connect() {
    const user = await h.createUser();
    const created = await h.deps.client.sandboxPublicTokenCreate({
      institution_id: FIRST_PLATYPUS.id,
      initial_products: [Products.Transactions, Products.Liabilities],
      options: { webhook: intake.url },
    });
    const result = await h.caller(user).plaid.exchangePublicToken({
      publicToken: created.data.public_token,
      metadata: { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] },
    });
    if (result.status !== "connected") throw new Error("expected a new connection");
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, result.item.id));
    if (!row) throw new Error("item not stored");
    return { user, api: h.caller(user), itemId: row.id, plaidItemId: row.plaidItemId };
  }

  /** Runs every job due until none is left, and answers how many ran of each kind. */
  async function runJobs(): Promise<Record<string, number>> {
    const worker = createWorker({ db: h.handle.db, handlers: createJobHandlers({ handle: h.handle, plaid: h.deps }), logger, workerId: `w-${randomUUID()}`, pollMs: 20 });
    const before = await h.handle.db.select({ id: jobs.id }).from(jobs).where(eq(jobs.state, "succeeded"));
    await worker.drain();
    const done = await h.handle.db.select({ id: jobs.id, kind: jobs.kind }).from(jobs).where(eq(jobs.state, "succeeded"));
    const seen = new Set(before.map((job) => job.id));
    const counts: Record<string, number> = {};
    for (const job of done) if (!seen.has(job.id)) counts[job.kind] = (counts[job.kind] ?? 0) + 1;
    return counts;
  }

  /** Waits until the emulator has delivered every webhook of the item (none pending). */
  async function deliveriesSettled(plaidItemId: string, code: string) {
    await expect
      .poll(
        async () => {
          const body = (await h.control(`webhooks/deliveries?item_id=${plaidItemId}`)) as { deliveries: { state: string; webhook_code?: string; body?: string }[] };
          return body.deliveries.some((d) => JSON.stringify(d).includes(code)) && body.deliveries.every((d) => d.state !== "pending");
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(true);
  }

  it("fetches streams once the history is complete, and again on RECURRING_TRANSACTIONS_UPDATE", async () => {
    const { api, itemId, plaidItemId } = await connect();
    // The exchange queued the first sync (and a liabilities fetch); the sync finds the history
    // complete and asks for the streams once. (Webhooks the emulator sent meanwhile may add syncs.)
    const ran = await runJobs();
    expect(ran["fetch-recurring"]).toBe(1);
    expect(ran["sync-transactions"]).toBeGreaterThanOrEqual(1);
    expect(ran["fetch-liabilities"]).toBeGreaterThanOrEqual(1);
    const [item] = await api.items.list();
    expect(item?.historyState).toBe("complete");
    const rent = async () =>
      (await h.handle.db.select().from(recurringStreams).where(eq(recurringStreams.itemId, itemId))).find((s) => s.categoryDetailed?.includes("RENT"));
    expect(await rent()).toBeDefined();

    // A new rent payment changes its stream: the emulator sends RECURRING_TRANSACTIONS_UPDATE.
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await h.control(`items/${plaidItemId}/transactions/add`, { transactions: [{ recurring: "rent", amount: 2222.5, date: tomorrow }] });
    await deliveriesSettled(plaidItemId, "RECURRING_TRANSACTIONS_UPDATE");
    const queued = await h.handle.db.select({ kind: jobs.kind }).from(jobs).where(and(eq(jobs.key, itemId), eq(jobs.state, "queued")));
    expect(queued.map((job) => job.kind)).toContain("fetch-recurring");
    expect(await runJobs()).toMatchObject({ "fetch-recurring": 1 });
    expect(await rent()).toMatchObject({ lastAmount: "2222.5", lastDate: tomorrow });
  });

  it("fetches liabilities again on LIABILITIES/DEFAULT_UPDATE", async () => {
    const { itemId, plaidItemId, api } = await connect();
    await runJobs();
    const accounts = await api.accounts.list();
    const card = accounts.find((account) => account.type === "credit");
    if (!card) throw new Error("no card");
    expect((await api.liabilities.forAccount({ accountId: card.id })).liability).toMatchObject({ kind: "credit", isOverdue: false });

    const plaidCard = (await h.handle.db.select().from(accountLiabilities).where(eq(accountLiabilities.accountId, card.id)))[0];
    expect(plaidCard).toBeDefined();
    const { accounts: emulatorAccounts } = (await h.control(`items/${plaidItemId}`)) as { accounts: { account_id: string; name: string }[] };
    const cardAccountId = emulatorAccounts.find((account) => account.name === card.name)?.account_id;
    const [before] = (await api.sync.status()).items;
    await h.control(`items/${plaidItemId}/liabilities`, { account_id: cardAccountId, changes: { is_overdue: true, minimum_payment_amount: 35 } });
    await deliveriesSettled(plaidItemId, "DEFAULT_UPDATE");
    expect(await runJobs()).toMatchObject({ "fetch-liabilities": 1 });
    // No sync ran, yet the status an open page polls moved: the overview refreshes by itself.
    const [after] = (await api.sync.status()).items;
    expect(after?.lastSyncedAt).toEqual(before?.lastSyncedAt);
    expect(after?.productsCheckedAt?.getTime()).toBeGreaterThan(before?.productsCheckedAt?.getTime() ?? 0);

    expect((await api.liabilities.forAccount({ accountId: card.id })).liability).toMatchObject({ isOverdue: true, minimumPayment: "35" });
    expect(await api.liabilities.overdue()).toEqual([expect.objectContaining({ accountId: card.id, itemId, kind: "credit", minimumPayment: "35" })]);
  });

  it("records history progress from SYNC_UPDATES_AVAILABLE and never sets it back", async () => {
    const user = await h.createUser();
    const plaidItemId = `history-${randomUUID()}`;
    await h.handle.db.insert(plaidItems).values({ userId: user.id, plaidItemId, accessTokenCiphertext: "v1.x.y.z", accessTokenKeyId: "x" });
    const api = h.caller(user);
    const deliver = (initial: boolean, historical: boolean) => {
      const bodyText = JSON.stringify({
        webhook_type: "TRANSACTIONS",
        webhook_code: "SYNC_UPDATES_AVAILABLE",
        item_id: plaidItemId,
        initial_update_complete: initial,
        historical_update_complete: historical,
        environment: "sandbox",
        nonce: randomUUID(),
      });
      return recordWebhook(h.handle.db, { bodyText, bodySha256: createHash("sha256").update(bodyText).digest("hex") });
    };
    const state = async () => {
      const [listed] = await api.items.list();
      const { items } = await api.sync.status();
      expect(items[0]?.historyState).toBe(listed?.historyState);
      return listed?.historyState;
    };

    expect(await state()).toBe("initial");
    await deliver(true, false);
    expect(await state()).toBe("recent");
    await deliver(true, true);
    expect(await state()).toBe("complete");
    // Deliveries come out of order: an older one saying "not yet" changes nothing.
    await deliver(true, false);
    await deliver(false, false);
    expect(await state()).toBe("complete");
  });
});
