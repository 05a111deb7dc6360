import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, plaidAccounts, plaidItemProducts, plaidItems, plaidTransactions, transactionMonthTotals } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { createJobHandlers } from "@/server/jobs/job-handlers";
import { createWorker } from "@/server/jobs/worker";
import { createLogger } from "@/server/logger";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { serveWebhookIntake } from "./webhooks/serve-webhook-intake";
import { verifyPlaidWebhook } from "./webhooks/verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "./webhooks/webhook-keys";

const logger = createLogger({ level: "silent" });

// ITEM webhooks as Plaid documents them, from the emulator's signed deliveries through the real
// intake and a worker: what /item/get cannot say must be kept from the webhook itself.
describe("item health from ITEM webhooks", { timeout: 90_000 }, () => {
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
      initial_products: [Products.Transactions],
      options: { webhook: intake.url },
    });
    const api = h.caller(user);
    const result = await api.plaid.exchangePublicToken({
      publicToken: created.data.public_token,
      metadata: { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] },
    });
    if (result.status !== "connected") throw new Error("expected a new connection");
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, result.item.id));
    if (!row) throw new Error("item not stored");
    await runJobs();
    return { user, api, itemId: row.id, plaidItemId: row.plaidItemId };
  }

  async function runJobs(): Promise<void> {
    const worker = createWorker({ db: h.handle.db, handlers: createJobHandlers({ handle: h.handle, plaid: h.deps }), logger, workerId: `w-${randomUUID()}`, pollMs: 20 });
    await worker.drain();
  }

  /** Waits until the emulator delivered the item's `code` webhook and nothing of the item is pending. */
  async function delivered(plaidItemId: string, code: string) {
    await expect
      .poll(
        async () => {
          const body = (await h.control(`webhooks/deliveries?item_id=${plaidItemId}`)) as { deliveries: { state: string }[] };
          return body.deliveries.some((d) => JSON.stringify(d).includes(code)) && body.deliveries.every((d) => d.state !== "pending");
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe(true);
  }

  /** Update mode in the emulator's Link, as the browser would run it (plain sandbox login). */
  async function runUpdateModeLink(linkToken: string) {
    const post = async (path: string, body: unknown) =>
      (await (await fetch(`${h.emulatorUrl}/link/ui/api/${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    const session = await post("session", { link_token: linkToken });
    const done = await post("login", { link_session_id: session.link_session_id, institution_id: FIRST_PLATYPUS.id, username: "user_good", password: "pass_good" });
    expect(done).toMatchObject({ done: true });
  }

  it("keeps PENDING_DISCONNECT (INSTITUTION_MIGRATION, invisible to /item/get) with its date until update mode", async () => {
    const { api, itemId, plaidItemId } = await connect();
    const disconnectAt = new Date(Date.now() + 6 * 86_400_000);
    disconnectAt.setUTCMilliseconds(0);
    await h.control(`items/${plaidItemId}/state`, { state: "pending_disconnect", reason: "INSTITUTION_MIGRATION", disconnect_time: disconnectAt.toISOString() });
    await delivered(plaidItemId, "PENDING_DISCONNECT");
    // The refresh the webhook queued reads a healthy /item/get; the warning must survive it.
    await runJobs();
    const [item] = await api.items.list();
    expect(item).toMatchObject({ status: "healthy", pendingDisconnectReason: "INSTITUTION_MIGRATION", pendingDisconnectAt: disconnectAt });

    const { linkToken } = await api.plaid.createLinkToken({ itemId });
    await runUpdateModeLink(linkToken);
    const repaired = await api.plaid.completeUpdate({ itemId });
    expect(repaired).toMatchObject({ pendingDisconnectReason: null, pendingDisconnectAt: null });
  });

  it("USER_ACCOUNT_REVOKED deletes that account's transactions, balance and totals, and nothing else", async () => {
    const { api, itemId, plaidItemId } = await connect();
    const accounts = await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.itemId, itemId));
    const checking = accounts.find((account) => account.name === "Plaid Checking");
    if (!checking) throw new Error("no checking account");
    const count = async (accountIds: string[]) =>
      (await h.handle.db.select({ id: plaidTransactions.plaidTransactionId }).from(plaidTransactions).where(inArray(plaidTransactions.plaidAccountId, accountIds))).length;
    const others = accounts.filter((account) => account.id !== checking.id).map((account) => account.plaidAccountId);
    const othersBefore = await count(others);
    expect(await count([checking.plaidAccountId])).toBeGreaterThan(0);

    await h.control(`items/${plaidItemId}/revoke-account`, { account_id: checking.plaidAccountId });
    await delivered(plaidItemId, "USER_ACCOUNT_REVOKED");
    await runJobs();

    expect(await count([checking.plaidAccountId])).toBe(0);
    expect(await count(others)).toBe(othersBefore);
    expect((await api.accounts.list()).map((account) => account.name)).not.toContain("Plaid Checking");
    const totals = await h.handle.db.select().from(transactionMonthTotals).where(and(eq(transactionMonthTotals.itemId, itemId), eq(transactionMonthTotals.plaidAccountId, checking.plaidAccountId)));
    expect(totals).toEqual([]);
    const [item] = await api.items.list();
    expect(item?.status).toBe("healthy");
  });

  it("USER_PERMISSION_REVOKED removes the item at Plaid and keeps its data here, shown as revoked", async () => {
    const { api, itemId, plaidItemId } = await connect();
    const transactionsBefore = (await h.handle.db.select({ id: plaidTransactions.plaidTransactionId }).from(plaidTransactions).where(eq(plaidTransactions.itemId, itemId))).length;
    await h.control(`items/${plaidItemId}/state`, { state: "revoked" });
    await delivered(plaidItemId, "USER_PERMISSION_REVOKED");
    await runJobs();

    // Plaid keeps a revoked item (and bills it) until /item/remove: the app must have called it.
    expect(((await h.control(`items/${plaidItemId}`)) as { state: string }).state).toBe("removed");
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(row).toMatchObject({ status: "revoked", errorCode: "USER_PERMISSION_REVOKED", accessTokenCiphertext: null });
    expect(row?.removedAt).toBeInstanceOf(Date);
    expect((await h.handle.db.select({ id: plaidTransactions.plaidTransactionId }).from(plaidTransactions).where(eq(plaidTransactions.itemId, itemId))).length).toBe(transactionsBefore);
    const [item] = await api.items.list();
    expect(item?.errorMessage).toMatch(/withdrawn at the bank/);
  });

  it("ACCESS_NOT_GRANTED on transactions is recorded on the product, leaves the item healthy, and update mode asks again", async () => {
    const { api, itemId, plaidItemId } = await connect();
    await h.control(`items/${plaidItemId}/withhold`, { product: "transactions" });
    await h.control(`items/${plaidItemId}/transactions/add`, { transactions: [{ amount: 12.5, name: "Corner Deli" }], webhook: false });
    await enqueueJob(h.handle.db, { kind: "sync-transactions", key: itemId });
    await runJobs();

    const [item] = await api.items.list();
    expect(item).toMatchObject({ status: "healthy", errorCode: null, productsNeedingAccess: ["transactions"] });
    const [product] = await h.handle.db.select().from(plaidItemProducts).where(and(eq(plaidItemProducts.itemId, itemId), eq(plaidItemProducts.product, "transactions")));
    expect(product).toMatchObject({ unavailableCode: "ACCESS_NOT_GRANTED" });
    // Not retried in a loop: the job is done, waiting for the user.
    expect(await h.handle.db.select().from(jobs).where(and(eq(jobs.key, itemId), eq(jobs.state, "queued")))).toEqual([]);

    const { linkToken } = await api.plaid.createLinkToken({ itemId });
    await runUpdateModeLink(linkToken);
    expect(await api.plaid.completeUpdate({ itemId })).toMatchObject({ productsNeedingAccess: [] });
    await runJobs();
    const deli = await h.handle.db.select().from(plaidTransactions).where(and(eq(plaidTransactions.itemId, itemId), eq(plaidTransactions.name, "Corner Deli")));
    expect(deli).toHaveLength(1);
  });

  it.each(["UNSUPPORTED_RESPONSE", "INSTITUTION_REGISTRATION_REQUIRED", "UNAUTHORIZED_INSTITUTION"])("fails a sync on %s at once instead of retrying it", async (code) => {
    const { itemId } = await connect();
    await h.injectError("/transactions/sync", code);
    const { id } = await enqueueJob(h.handle.db, { kind: "sync-transactions", key: itemId });
    await runJobs();
    const [job] = await h.handle.db.select().from(jobs).where(eq(jobs.id, id));
    expect(job).toMatchObject({ state: "failed", attempts: 1 });
    expect(job?.lastError).toContain(code);
  });
});
