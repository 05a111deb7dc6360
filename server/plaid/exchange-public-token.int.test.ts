import { TRPCError } from "@trpc/server";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs, plaidAccounts, plaidItems } from "@/db/schema";
import { queryRows } from "@/db/query-rows";
import { toPlaidFailure } from "./errors";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "./testing/plaid-harness";

const metadataFor = (institution: { id: string; name: string } | null) => ({
  institution: institution ? { institution_id: institution.id, name: institution.name } : null,
  accounts: [],
});

/** The access tokens the emulator handed out during this test file, read off the exchange spy. */
async function exchangedTokens(spy: { mock: { results: { type: string; value: unknown }[] } }): Promise<string[]> {
  const tokens: string[] = [];
  for (const result of spy.mock.results) {
    if (result.type !== "return") continue;
    const response = await Promise.resolve(result.value as Promise<{ data: { access_token: string } }>).catch(() => null);
    if (response) tokens.push(response.data.access_token);
  }
  return tokens;
}

// Projects do not inherit the root timeouts, and the emulator plus PGlite are slow on a busy machine.
describe("plaid.exchangePublicToken against the emulator", { timeout: 60_000 }, () => {
  let h: PlaidHarness;
  const outputs: unknown[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  it("connects a bank: stores the item with an encrypted token, accounts with balances, the institution name, and queues the first sync", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const linkToken = await api.plaid.createLinkToken();
    outputs.push(linkToken);
    expect(linkToken.linkToken).toMatch(/^link-sandbox-/);

    const result = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    outputs.push(result);
    expect(result.status).toBe("connected");
    if (result.status !== "connected") return;
    expect(result.item).toMatchObject({ institutionId: FIRST_PLATYPUS.id, institutionName: FIRST_PLATYPUS.name, status: "healthy" });
    expect(Object.keys(result.item)).not.toContain("accessTokenCiphertext");

    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, result.item.id));
    expect(row?.accessTokenKeyId).toBe("test1");
    expect(row?.accessTokenCiphertext).toMatch(/^v1\.test1\./);
    expect(h.deps.vault.decrypt(row?.accessTokenCiphertext ?? "", result.item.id)).toMatch(/^access-sandbox-/);

    const accounts = await api.accounts.list();
    outputs.push(accounts);
    expect(accounts.length).toBeGreaterThan(0);
    for (const account of accounts) {
      expect(account.itemId).toBe(result.item.id);
      expect(account.type).toEqual(expect.any(String));
      expect(account.balanceUpdatedAt).toBeInstanceOf(Date);
    }
    expect(accounts.some((account) => account.currentBalance !== null && /^-?\d+(\.\d+)?$/.test(account.currentBalance))).toBe(true);

    const queued = await h.handle.db.select().from(jobs).where(eq(jobs.key, result.item.id));
    expect(queued.map((job) => [job.kind, job.state]).sort()).toEqual([
      ["fetch-liabilities", "queued"],
      ["sync-transactions", "queued"],
    ]);

    const items = await api.items.list();
    outputs.push(items);
    expect(items.map((item) => item.id)).toEqual([result.item.id]);
  });

  it("refuses the same bank and accounts again, names the existing connection, and removes the new item at Plaid", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const first = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    expect(first.status).toBe("connected");
    if (first.status !== "connected") return;

    const spy = vi.spyOn(h.deps.client, "itemPublicTokenExchange");
    try {
      const second = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
      outputs.push(second);
      expect(second).toMatchObject({ status: "duplicate", existingItemId: first.item.id, institutionName: FIRST_PLATYPUS.name });
      if (second.status === "duplicate") expect(second.message).toContain(FIRST_PLATYPUS.name);

      const [newToken] = await exchangedTokens(spy);
      expect(newToken).toMatch(/^access-sandbox-/);
      const gone = await h.deps.client.itemGet({ access_token: newToken ?? "" }).catch((error: unknown) => toPlaidFailure(error));
      expect(gone).toMatchObject({ kind: "item_not_found", code: "ITEM_NOT_FOUND" });
    } finally {
      spy.mockRestore();
    }
    expect((await api.items.list()).map((item) => item.id)).toEqual([first.item.id]);
  });

  it("lets the user connect a bank again once its old connection was revoked", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const first = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    if (first.status !== "connected") throw new Error("expected a new connection");
    await h.handle.db.update(plaidItems).set({ status: "revoked" }).where(eq(plaidItems.id, first.item.id));
    const again = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    expect(again.status).toBe("connected");
  });

  it("does not call another user's identical bank a duplicate", async () => {
    const alice = await h.createUser();
    const bob = await h.createUser();
    const a = await h.caller(alice).plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    const b = await h.caller(bob).plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) });
    expect([a.status, b.status]).toEqual(["connected", "connected"]);
  });

  it("maps a used or expired public token to a message the user can act on, storing nothing", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const publicToken = await h.publicToken();
    await api.plaid.exchangePublicToken({ publicToken, metadata: metadataFor(FIRST_PLATYPUS) });
    const error = await api.plaid
      .exchangePublicToken({ publicToken, metadata: metadataFor(FIRST_PLATYPUS) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "That connection attempt expired. Please start again." });
    errors.push((error as Error).message, JSON.stringify(error));
    expect(await api.items.list()).toHaveLength(1);
  });

  it("maps injected Plaid errors and removes the half-made item when fetching accounts fails after the exchange", async () => {
    const user = await h.createUser();
    const api = h.caller(user);

    await h.injectError("/item/public_token/exchange", "INTERNAL_SERVER_ERROR");
    const unavailable = await api.plaid
      .exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) })
      .catch((caught: unknown) => caught);
    expect(unavailable).toMatchObject({ code: "SERVICE_UNAVAILABLE", message: "Plaid is not responding right now. Try again in a minute." });
    errors.push((unavailable as Error).message);

    const spy = vi.spyOn(h.deps.client, "itemPublicTokenExchange");
    try {
      await h.injectError("/accounts/get", "RATE_LIMIT_EXCEEDED");
      const busy = await api.plaid
        .exchangePublicToken({ publicToken: await h.publicToken(), metadata: metadataFor(FIRST_PLATYPUS) })
        .catch((caught: unknown) => caught);
      expect(busy).toMatchObject({ code: "TOO_MANY_REQUESTS", message: "Plaid is busy, try again in a minute." });
      errors.push((busy as Error).message);
      const [orphan] = await exchangedTokens(spy);
      const gone = await h.deps.client.itemGet({ access_token: orphan ?? "" }).catch((caught: unknown) => toPlaidFailure(caught));
      expect(gone).toMatchObject({ kind: "item_not_found" });
    } finally {
      spy.mockRestore();
    }
    expect(await api.items.list()).toEqual([]);
    expect(await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.userId, user.id))).toEqual([]);
  });

  it("never lets a plaintext access token reach the database, a tRPC output, an error or a log line", async () => {
    const rows = await queryRows<Record<string, unknown>>(h.handle.db, sql`select * from plaid_items`);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(String(row.access_token_ciphertext)).not.toContain("access-");
      expect(JSON.stringify(row)).not.toMatch(/access-(sandbox|production)-/);
    }
    expect(JSON.stringify(outputs)).not.toContain("access-");
    expect(errors.join("\n")).not.toContain("access-");
    // The scan covers the success, duplicate and failure paths' log lines.
    const messages = h.logLines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(
      expect.arrayContaining(["bank connected", "duplicate bank connection refused and removed at Plaid", "Plaid call failed"]),
    );
    for (const line of h.logLines) {
      expect(line).not.toContain("access-");
      expect(line).not.toContain("public-sandbox-");
      expect(line).not.toContain("emulator-secret");
    }
  });
});
