import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { getJson, LINK_TOKEN_REQUEST, plaidClient, plaidError, postJson, startTestEmulator, syncAll } from "./testing/helpers";

// The whole life of an item, driven by the real `plaid` client over HTTP.
describe("the plaid client against the emulator", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  let accessToken = "";
  let itemId = "";
  let finalCursor = "";

  beforeAll(async () => {
    // Readiness far away, so the test sees the not-ready phase and then makes the item ready itself.
    emulator = await startTestEmulator({ readyDelayMs: 3_600_000, timeScale: 1 });
    plaid = plaidClient(emulator.url);
  });
  afterAll(() => emulator.close());

  it("creates a link token shaped like Plaid's sandbox tokens", async () => {
    const { data } = await plaid.linkTokenCreate(LINK_TOKEN_REQUEST);
    expect(data.link_token).toMatch(/^link-sandbox-[0-9a-f-]{36}$/);
    expect(Date.parse(data.expiration) - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    expect(data.request_id).toBeTruthy();
  });

  it("creates a sandbox public token and exchanges it once for an access token", async () => {
    const created = await plaid.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions] });
    expect(created.data.public_token).toMatch(/^public-sandbox-[0-9a-f-]{36}$/);
    const exchanged = await plaid.itemPublicTokenExchange({ public_token: created.data.public_token });
    expect(exchanged.data.access_token).toMatch(/^access-sandbox-[0-9a-f-]{36}$/);
    accessToken = exchanged.data.access_token;
    itemId = exchanged.data.item_id;
    const again = await plaidError(plaid.itemPublicTokenExchange({ public_token: created.data.public_token }));
    expect(again.data.error_code).toBe("INVALID_PUBLIC_TOKEN");
  });

  it("answers an empty first sync with next_cursor \"\" until the item is ready", async () => {
    const { data } = await plaid.transactionsSync({ access_token: accessToken });
    expect(data).toMatchObject({ added: [], modified: [], removed: [], next_cursor: "", has_more: false, transactions_update_status: "NOT_READY" });
    expect(data.accounts.map((account) => account.name)).toEqual(["Plaid Checking", "Plaid Saving", "Plaid Credit Card", "Plaid Student Loan"]);
  });

  it("pages through the whole history once the item is ready", async () => {
    await postJson(`${emulator.url}/__emulator/items/${itemId}/ready`, {});
    const result = await syncAll(plaid, accessToken, "", 100);
    const described = await getJson(`${emulator.url}/__emulator/items/${itemId}`);
    expect(result.pages).toBe(Math.ceil(Number(described.change_log_length) / 100));
    expect(new Set(result.added).size).toBe(described.transaction_count);
    expect(result.added.length).toBeGreaterThanOrEqual(300);
    expect(result.modified).toEqual([]);
    expect(result.removed).toEqual([]);
    finalCursor = result.cursor;
    const again = await plaid.transactionsSync({ access_token: accessToken, cursor: finalCursor });
    expect(again.data).toMatchObject({ added: [], modified: [], removed: [], has_more: false, transactions_update_status: "HISTORICAL_UPDATE_COMPLETE" });
  });

  it("posts pending transactions: the posted one is added with pending_transaction_id, the pending one removed", async () => {
    const before = await plaid.transactionsSync({ access_token: accessToken, cursor: "", count: 500 });
    const pending = before.data.added.filter((txn) => txn.pending).map((txn) => txn.transaction_id);
    expect(pending.length).toBeGreaterThan(0);
    await postJson(`${emulator.url}/__emulator/items/${itemId}/advance`, {});
    const page = await plaid.transactionsSync({ access_token: accessToken, cursor: finalCursor, count: 500 });
    const removed = page.data.removed.map((txn) => txn.transaction_id);
    for (const id of pending) {
      expect(removed).toContain(id);
      expect(page.data.added.some((txn) => txn.pending_transaction_id === id && !txn.pending)).toBe(true);
    }
    expect(page.data.modified.length).toBeGreaterThan(0);
    finalCursor = page.data.next_cursor;
  });

  it("fails a continued pagination after a mutation, and a restart from the last final cursor succeeds", async () => {
    await postJson(`${emulator.url}/__emulator/items/${itemId}/advance`, { steps: 2 });
    const first = await plaid.transactionsSync({ access_token: accessToken, cursor: finalCursor, count: 1 });
    expect(first.data.has_more).toBe(true);
    const added = await postJson(`${emulator.url}/__emulator/items/${itemId}/transactions/add`, { transactions: [{ amount: 12.5, name: "Corner Deli" }] });
    const failure = await plaidError(plaid.transactionsSync({ access_token: accessToken, cursor: first.data.next_cursor, count: 1 }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ error_type: "TRANSACTIONS_ERROR", error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" });
    const restarted = await syncAll(plaid, accessToken, finalCursor, 3);
    expect(restarted.added).toContain((added.body.transaction_ids as string[])[0]);
    finalCursor = restarted.cursor;
  });

  it("rejects a count outside 1–500 with INVALID_FIELD", async () => {
    for (const count of [0, 501]) {
      const failure = await plaidError(plaid.transactionsSync({ access_token: accessToken, count }));
      expect(failure.data).toMatchObject({ error_type: "INVALID_REQUEST", error_code: "INVALID_FIELD" });
    }
  });

  it("answers identity and balances for the item's accounts", async () => {
    const identity = await plaid.identityGet({ access_token: accessToken });
    expect(identity.data.accounts).toHaveLength(4);
    const owner = identity.data.accounts[0]?.owners[0];
    expect(owner?.names[0]).toMatch(/\w+ \w+/);
    expect(owner?.emails[0]?.data).toContain("@");
    const balances = await plaid.accountsBalanceGet({ access_token: accessToken });
    const checking = balances.data.accounts.find((account) => account.subtype === "checking");
    expect(checking?.balances).toMatchObject({ iso_currency_code: "USD", limit: null });
    expect(typeof checking?.balances.current).toBe("number");
    const item = await plaid.itemGet({ access_token: accessToken });
    expect(item.data.item).toMatchObject({ item_id: itemId, institution_id: "ins_109508", error: null });
    const institution = await plaid.institutionsGetById({ institution_id: "ins_109508", country_codes: LINK_TOKEN_REQUEST.country_codes });
    expect(institution.data.institution.name).toBe("First Platypus Bank");
  });

  it("removes the item; every call afterwards answers ITEM_NOT_FOUND, unknown tokens INVALID_ACCESS_TOKEN", async () => {
    await plaid.itemRemove({ access_token: accessToken });
    const calls = [
      plaid.itemGet({ access_token: accessToken }),
      plaid.accountsGet({ access_token: accessToken }),
      plaid.accountsBalanceGet({ access_token: accessToken }),
      plaid.identityGet({ access_token: accessToken }),
      plaid.transactionsSync({ access_token: accessToken }),
      plaid.transactionsRefresh({ access_token: accessToken }),
      plaid.itemRemove({ access_token: accessToken }),
      plaid.itemWebhookUpdate({ access_token: accessToken, webhook: "http://127.0.0.1:1/hook" }),
      plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, products: undefined, access_token: accessToken }),
    ];
    for (const call of calls) {
      const failure = await plaidError(call);
      expect(failure.status).toBe(400);
      expect(failure.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ITEM_NOT_FOUND" });
    }
    const unknown = await plaidError(plaid.accountsGet({ access_token: `access-sandbox-${randomUUID()}` }));
    expect(unknown.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_ACCESS_TOKEN" });
  });
});
