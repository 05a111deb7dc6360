import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type RunningEmulator } from "./server";
import { addDays, isoDate } from "./generate/dates";
import { connectItem, getJson, plaidClient, plaidError, postJson, startReceiver, startTestEmulator, syncAll, webhookBodies } from "./testing/helpers";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

// Plaid's two phases: the initial update (recent days) and, later, the historical update.
describe("history delivered in two phases", () => {
  const emulators: RunningEmulator[] = [];
  const receivers: Receiver[] = [];
  const start = async (options: Parameters<typeof startTestEmulator>[0]) => {
    const emulator = await startTestEmulator(options);
    emulators.push(emulator);
    return emulator;
  };
  const receiver = async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
  });

  it("syncs the last 30 days with historical_update_complete false, then the rest after the historical update", async () => {
    const emulator = await start({ historyDelayMs: 3_600_000, timeScale: 1 });
    const plaid = plaidClient(emulator.url);
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    expect(webhookBodies(hook.received)[0]).toMatchObject({ webhook_code: "SYNC_UPDATES_AVAILABLE", initial_update_complete: true, historical_update_complete: false });

    const recentFrom = addDays(isoDate(Date.now()), -29);
    let page = await plaid.transactionsSync({ access_token: accessToken, count: 500 });
    expect(page.data.transactions_update_status).toBe("INITIAL_UPDATE_COMPLETE");
    expect(page.data.added.length).toBeGreaterThan(50);
    expect(page.data.added.every((txn) => txn.date >= recentFrom)).toBe(true);
    expect(page.data.has_more).toBe(false);
    const recentCount = page.data.added.length;

    await postJson(`${emulator.url}/__emulator/items/${itemId}/history`, {});
    await hook.waitFor(2);
    expect(webhookBodies(hook.received)[1]).toMatchObject({ webhook_code: "SYNC_UPDATES_AVAILABLE", initial_update_complete: true, historical_update_complete: true });
    page = await plaid.transactionsSync({ access_token: accessToken, cursor: page.data.next_cursor, count: 500 });
    expect(page.data.transactions_update_status).toBe("HISTORICAL_UPDATE_COMPLETE");
    expect(page.data.added.length).toBeGreaterThan(100);
    expect(page.data.added.every((txn) => txn.date < recentFrom)).toBe(true);
    const described = await getJson(`${emulator.url}/__emulator/items/${itemId}`);
    expect(recentCount + page.data.added.length).toBe(described.transaction_count);
    expect(described.history_complete).toBe(true);
  });

  it("sends the historical update by itself after historyDelayMs × timeScale", async () => {
    const emulator = await start({ historyDelayMs: 10_000, timeScale: 0.01 });
    const hook = await receiver();
    const before = Date.now();
    await connectItem(plaidClient(emulator.url), { webhook: hook.url });
    await hook.waitFor(2);
    // Found by content, not arrival order: under load the first delivery may be slow.
    const historical = hook.received.find((webhook) => (JSON.parse(webhook.body) as { historical_update_complete: boolean }).historical_update_complete);
    expect(webhookBodies(hook.received).map((body) => body.historical_update_complete).sort()).toEqual([false, true]);
    // 10 s scaled by 0.01: not before 100 ms after the item became ready (which is after `before`).
    expect((historical?.at ?? 0) - before).toBeGreaterThanOrEqual(95);
  });

  it("counts the history as arrived once the emulator clock passes its time, even without the timer", async () => {
    const emulator = await start({ historyDelayMs: 3_600_000, timeScale: 1 });
    const plaid = plaidClient(emulator.url);
    const { accessToken } = await connectItem(plaid);
    expect((await plaid.transactionsSync({ access_token: accessToken })).data.transactions_update_status).toBe("INITIAL_UPDATE_COMPLETE");
    await postJson(`${emulator.url}/__emulator/clock/advance`, { ms: 3_600_001 });
    expect((await plaid.transactionsSync({ access_token: accessToken })).data.transactions_update_status).toBe("HISTORICAL_UPDATE_COMPLETE");
  });

  it("refuses /transactions/recurring/get with PRODUCT_NOT_READY until the history is complete", async () => {
    const emulator = await start({ historyDelayMs: 3_600_000, timeScale: 1 });
    const plaid = plaidClient(emulator.url);
    const { accessToken, itemId } = await connectItem(plaid);
    const early = await plaidError(plaid.transactionsRecurringGet({ access_token: accessToken }));
    expect(early.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCT_NOT_READY" });
    await postJson(`${emulator.url}/__emulator/items/${itemId}/history`, {});
    await expect(plaid.transactionsRecurringGet({ access_token: accessToken })).resolves.toBeTruthy();
  });

  it("delivers everything in one initial update when historyDelayMs is 0 (the in-process default)", async () => {
    const emulator = await start({});
    const plaid = plaidClient(emulator.url);
    const hook = await receiver();
    const { accessToken } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(webhookBodies(hook.received)).toEqual([expect.objectContaining({ initial_update_complete: true, historical_update_complete: true })]);
    const all = await syncAll(plaid, accessToken);
    expect(all.added.length).toBeGreaterThanOrEqual(300);
  });

  it("replays the same rows in the same order after a restart, history op included", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plaid-emulator-history-"));
    try {
      const dataFile = join(dir, "state.json");
      const first = await startTestEmulator({ dataFile, historyDelayMs: 3_600_000, timeScale: 1, seed: "replay" });
      const plaid = plaidClient(first.url);
      const { accessToken, itemId } = await connectItem(plaid);
      await postJson(`${first.url}/__emulator/items/${itemId}/advance`, { steps: 2 });
      await postJson(`${first.url}/__emulator/items/${itemId}/history`, {});
      await postJson(`${first.url}/__emulator/items/${itemId}/advance`, {});
      const before = await syncAll(plaid, accessToken);
      await first.close();
      const second = await startTestEmulator({ dataFile, historyDelayMs: 3_600_000, timeScale: 1 });
      const after = await syncAll(plaidClient(second.url), accessToken).finally(() => second.close());
      expect(after).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("picks up a pending historical update after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plaid-emulator-history-"));
    try {
      const dataFile = join(dir, "state.json");
      const first = await startTestEmulator({ dataFile, historyDelayMs: 10_000, timeScale: 0.01 });
      const { itemId } = await connectItem(plaidClient(first.url));
      await first.close();
      const second = await startTestEmulator({ dataFile, historyDelayMs: 10_000, timeScale: 0.01 });
      // The item control reads state without the lazy check, so this proves the timer was re-armed.
      let complete = false;
      try {
        for (let waited = 0; !complete && waited < 3000; waited += 20) {
          complete = (await getJson(`${second.url}/__emulator/items/${itemId}`)).history_complete === true;
          if (!complete) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        await second.close();
      }
      expect(complete).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("holds new items in each phase after the timing control, until the ready and history controls move them on", async () => {
    const emulator = await start({ historyDelayMs: 0, readyDelayMs: 0, timeScale: 1 });
    const plaid = plaidClient(emulator.url);
    expect((await postJson(`${emulator.url}/__emulator/timing`, { ready_delay_ms: 3_600_000, history_delay_ms: 3_600_000 })).body).toEqual({ ready_delay_ms: 3_600_000, history_delay_ms: 3_600_000 });
    const { accessToken, itemId } = await connectItem(plaid);

    const notReady = await plaid.transactionsSync({ access_token: accessToken, count: 500 });
    expect(notReady.data.transactions_update_status).toBe("NOT_READY");
    await postJson(`${emulator.url}/__emulator/items/${itemId}/ready`, {});
    const recent = await plaid.transactionsSync({ access_token: accessToken, count: 500 });
    expect(recent.data.transactions_update_status).toBe("INITIAL_UPDATE_COMPLETE");
    await postJson(`${emulator.url}/__emulator/items/${itemId}/history`, {});
    const rest = await plaid.transactionsSync({ access_token: accessToken, cursor: recent.data.next_cursor, count: 500 });
    expect(rest.data.transactions_update_status).toBe("HISTORICAL_UPDATE_COMPLETE");
    expect(await getJson(`${emulator.url}/__emulator/timing`)).toEqual({ ready_delay_ms: 3_600_000, history_delay_ms: 3_600_000 });
  });
});
