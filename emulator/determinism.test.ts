import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Products } from "plaid";
import { type RunningEmulator } from "./server";
import { connectItem, getJson, plaidClient, postJson, startTestEmulator } from "./testing/helpers";

async function fullHistory(emulator: RunningEmulator, username = "user_good") {
  const plaid = plaidClient(emulator.url);
  const { accessToken, itemId } = await connectItem(plaid, { username });
  await postJson(`${emulator.url}/__emulator/items/${itemId}/advance`, { steps: 2 });
  const pages = [];
  let cursor = "";
  for (;;) {
    const { data } = await plaid.transactionsSync({ access_token: accessToken, cursor, count: 500 });
    pages.push({ added: data.added, modified: data.modified, removed: data.removed, accounts: data.accounts });
    cursor = data.next_cursor;
    if (!data.has_more) break;
  }
  return { itemId, accessToken, pages, cursor };
}

describe("deterministic generation", () => {
  const started: RunningEmulator[] = [];
  const start = async (options: Parameters<typeof startTestEmulator>[0]) => {
    const emulator = await startTestEmulator(options);
    started.push(emulator);
    return emulator;
  };
  afterAll(async () => {
    await Promise.all(started.map((emulator) => emulator.close()));
  });

  it("produces the same items, accounts and transactions from the same seed", async () => {
    const [a, b, c] = await Promise.all([start({ seed: 42 }), start({ seed: 42 }), start({ seed: 43 })]);
    const [first, second, other] = await Promise.all([fullHistory(a), fullHistory(b), fullHistory(c)]);
    expect(second.itemId).toBe(first.itemId);
    expect(second.pages).toEqual(first.pages);
    expect(other.itemId).not.toBe(first.itemId);
    expect(other.pages[0]?.added[0]?.transaction_id).not.toBe(first.pages[0]?.added[0]?.transaction_id);
  });

  it("generates realistic rows: merchants, categories, pending, several accounts", async () => {
    const emulator = await start({ seed: "realism" });
    const { pages } = await fullHistory(emulator);
    const added = pages.flatMap((page) => page.added);
    expect(new Set(added.map((txn) => txn.merchant_name).filter(Boolean)).size).toBeGreaterThan(15);
    expect(new Set(added.map((txn) => txn.personal_finance_category?.primary)).size).toBeGreaterThan(6);
    expect(new Set(added.map((txn) => txn.account_id)).size).toBe(3);
    expect(added.some((txn) => txn.amount < 0)).toBe(true);
    expect(added.every((txn) => /^\d{4}-\d{2}-\d{2}$/.test(txn.date) && txn.iso_currency_code === "USD")).toBe(true);
  });

  it("serves CAD data for the Canadian institution", async () => {
    const emulator = await start({ seed: "cad" });
    const plaid = plaidClient(emulator.url);
    const created = await plaid.sandboxPublicTokenCreate({ institution_id: "ins_200001", initial_products: [Products.Transactions] });
    const { data } = await plaid.itemPublicTokenExchange({ public_token: created.data.public_token });
    const page = await plaid.transactionsSync({ access_token: data.access_token, count: 50 });
    expect(page.data.accounts.every((account) => account.balances.iso_currency_code === "CAD")).toBe(true);
    expect(page.data.added.every((txn) => txn.iso_currency_code === "CAD")).toBe(true);
  });

  it("offers 10k and 100k transaction users for benchmarks", async () => {
    const emulator = await start({ seed: "volume" });
    const plaid = plaidClient(emulator.url);
    const tenK = await connectItem(plaid, { username: "user_transactions_10k" });
    const hundredK = await connectItem(plaid, { username: "user_transactions_100k" });
    const started = Date.now();
    const described = await getJson(`${emulator.url}/__emulator/items/${hundredK.itemId}`);
    expect(described.transaction_count).toBe(100_000);
    console.log(`100k transactions generated in ${Date.now() - started} ms`);
    let count = 0;
    let cursor = "";
    for (;;) {
      const { data } = await plaid.transactionsSync({ access_token: tenK.accessToken, cursor, count: 500 });
      count += data.added.length;
      cursor = data.next_cursor;
      if (!data.has_more) break;
    }
    expect(count).toBe(10_000);
  });

  it("keeps state across a restart when a data file is given", async () => {
    const dir = mkdtempSync(join(tmpdir(), "plaid-emulator-"));
    try {
      const dataFile = join(dir, "state.json");
      const first = await startTestEmulator({ seed: 7, dataFile });
      const before = await fullHistory(first);
      await first.close();
      const second = await startTestEmulator({ seed: 999, dataFile });
      try {
        const plaid = plaidClient(second.url);
        const again = await plaid.transactionsSync({ access_token: before.accessToken, cursor: before.cursor });
        expect(again.data.added).toEqual([]);
        expect(again.data.has_more).toBe(false);
        const replay = await plaid.transactionsSync({ access_token: before.accessToken, count: 500 });
        expect(replay.data.added).toEqual(before.pages[0]?.added);
        const items = (await getJson(`${second.url}/__emulator/items`)).items as { item_id: string }[];
        expect(items.map((item) => item.item_id)).toEqual([before.itemId]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
