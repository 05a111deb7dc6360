import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, plaidAccounts, plaidItems, rateLimits } from "@/db/schema";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";

const metadata = { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] };

// Projects do not inherit the root timeouts, and the emulator plus PGlite are slow on a busy machine.
describe("balances, identity and update mode against the emulator", { timeout: 60_000 }, () => {
  let h: PlaidHarness;
  const outputs: unknown[] = [];
  const messages: string[] = [];

  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  async function connectedUser() {
    const user = await h.createUser();
    const api = h.caller(user);
    const result = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata });
    if (result.status !== "connected") throw new Error("expected a new connection");
    return { user, api, itemId: result.item.id };
  }

  async function failureOf(promise: Promise<unknown>) {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught as { code: string; message: string },
    );
    if (!error) throw new Error("expected the call to fail");
    messages.push(error.message);
    return { code: error.code, message: error.message };
  }

  it("refreshes balances in real time and answers the item's accounts", async () => {
    const { api, itemId } = await connectedUser();
    const before = await api.accounts.list();
    const refreshed = await api.accounts.refreshBalances({ itemId });
    outputs.push(refreshed);
    expect(refreshed.map((account) => account.id).sort()).toEqual(before.map((account) => account.id).sort());
    for (const account of refreshed) {
      expect(account.balanceUpdatedAt?.getTime()).toBeGreaterThanOrEqual(before[0]?.balanceUpdatedAt?.getTime() ?? 0);
    }
  });

  it("maps Plaid's errors to messages the user understands", async () => {
    const { api, itemId } = await connectedUser();
    await h.injectError("/accounts/balance/get", "RATE_LIMIT_EXCEEDED");
    expect(await failureOf(api.accounts.refreshBalances({ itemId }))).toEqual({
      code: "TOO_MANY_REQUESTS",
      message: "Plaid is busy, try again in a minute.",
    });
    await h.injectError("/accounts/balance/get", "INSTITUTION_DOWN");
    expect(await failureOf(api.accounts.refreshBalances({ itemId }))).toEqual({
      code: "SERVICE_UNAVAILABLE",
      message: "Your bank is not responding right now. Try again later.",
    });
    await h.injectError("/identity/get", "PLANNED_MAINTENANCE");
    expect(await failureOf(api.identity.get({ itemId }))).toEqual({
      code: "SERVICE_UNAVAILABLE",
      message: "Plaid is not responding right now. Try again in a minute.",
    });
    // Transient failures say nothing about the item's health.
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(row?.status).toBe("healthy");
  });

  it("marks an item login_required when the bank wants a new sign-in, and update mode restores it without an exchange", async () => {
    const { api, itemId } = await connectedUser();
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    const accessToken = h.deps.vault.decrypt(row?.accessTokenCiphertext ?? "", itemId);
    await h.deps.client.sandboxItemResetLogin({ access_token: accessToken });

    expect(await failureOf(api.accounts.refreshBalances({ itemId }))).toEqual({
      code: "PRECONDITION_FAILED",
      message: "Your bank needs you to sign in again.",
    });
    const [broken] = await api.items.list();
    expect(broken).toMatchObject({ status: "login_required", errorCode: "ITEM_LOGIN_REQUIRED", errorMessage: "Your bank needs you to sign in again." });

    const updateToken = await api.plaid.createLinkToken({ itemId });
    outputs.push(updateToken);
    expect(updateToken.linkToken).toMatch(/^link-sandbox-/);

    // Link's update mode fixes the login at Plaid; the app then only re-reads the item.
    await h.control(`items/${row?.plaidItemId ?? ""}/state`, { state: "healthy", webhook: false });
    const repaired = await api.plaid.completeUpdate({ itemId });
    outputs.push(repaired);
    expect(repaired).toMatchObject({ id: itemId, status: "healthy", errorCode: null, errorMessage: null });
    const [stored] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(stored?.accessTokenCiphertext).toBe(row?.accessTokenCiphertext);
    const kinds = (await h.handle.db.select().from(jobs).where(eq(jobs.key, itemId))).map((job) => job.kind).sort();
    // Only the exchange's first sync and liabilities fetch: update mode exchanges nothing.
    expect(kinds).toEqual(["fetch-liabilities", "sync-transactions"]);
  });

  it("offers new accounts through update mode with account selection, then clears the offer", async () => {
    const { api, itemId } = await connectedUser();
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    // What the NEW_ACCOUNTS_AVAILABLE webhook handler records.
    await h.handle.db.update(plaidItems).set({ newAccountsAvailable: true }).where(eq(plaidItems.id, itemId));
    expect((await api.items.list())[0]).toMatchObject({ id: itemId, newAccountsAvailable: true });
    // One account disappears locally, as if the bank had added it after the first connection.
    const before = await api.accounts.list();
    const [dropped] = before;
    await h.handle.db.delete(plaidAccounts).where(eq(plaidAccounts.id, dropped?.id ?? ""));

    const token = await api.plaid.createLinkToken({ itemId, addAccounts: true });
    expect(token.linkToken).toMatch(/^link-sandbox-/);
    const done = await api.plaid.completeUpdate({ itemId });
    expect(done).toMatchObject({ id: itemId, status: "healthy", newAccountsAvailable: false });
    const after = await api.accounts.list();
    expect(after.map((account) => account.name).sort()).toEqual(before.map((account) => account.name).sort());
    const [stored] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(stored?.accessTokenCiphertext).toBe(row?.accessTokenCiphertext);
  });

  it("answers the account holders' identity without storing it", async () => {
    const { api, itemId } = await connectedUser();
    const holders = await api.identity.get({ itemId });
    outputs.push(holders);
    expect(holders.length).toBeGreaterThan(0);
    expect(holders[0]?.owners[0]?.names.length).toBeGreaterThan(0);
  });

  it("limits balance refreshes per user", async () => {
    const { user, api, itemId } = await connectedUser();
    await h.handle.db.delete(rateLimits).where(eq(rateLimits.key, `balance-refresh:${user.id}`));
    for (let attempt = 0; attempt < 6; attempt += 1) await api.accounts.refreshBalances({ itemId });
    const limited = await failureOf(api.accounts.refreshBalances({ itemId }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(limited.message).toMatch(/^Balances were refreshed a moment ago\. Try again in \d+ seconds\.$/);
  });

  it("limits Link token creation per user", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    for (let attempt = 0; attempt < 10; attempt += 1) await api.plaid.createLinkToken();
    expect((await failureOf(api.plaid.createLinkToken())).code).toBe("TOO_MANY_REQUESTS");
  });

  it("never put an access token into an output, an error message or a log line", () => {
    expect(JSON.stringify(outputs)).not.toContain("access-");
    expect(messages.join("\n")).not.toContain("access-");
    for (const line of h.logLines) expect(line).not.toContain("access-");
  });
});
