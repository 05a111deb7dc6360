import { randomBytes, randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, plaidAccounts, plaidItems } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { ACCESS_TOKEN_UNREADABLE, ACCESS_TOKEN_UNREADABLE_MESSAGE } from "@/server/plaid/decrypt-item-token";
import { toPlaidFailure } from "@/server/plaid/errors";
import type { PlaidDeps } from "@/server/plaid/services";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";

const metadata = { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] };

// Projects do not inherit the root timeouts, and the emulator plus PGlite are slow on a busy machine.
describe("items and every item-scoped procedure", { timeout: 60_000 }, () => {
  let h: PlaidHarness;
  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  async function connect(user: { id: string; email: string }): Promise<string> {
    const result = await h.caller(user).plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata });
    if (result.status !== "connected") throw new Error("expected a new connection");
    return result.item.id;
  }

  it("answers NOT_FOUND for another user's item exactly as for a missing one, in every procedure", async () => {
    const owner = await h.createUser();
    const stranger = await h.createUser();
    const itemId = await connect(owner);
    const api = h.caller(stranger);

    const procedures: [string, (id: string) => Promise<unknown>][] = [
      ["plaid.createLinkToken", (id) => api.plaid.createLinkToken({ itemId: id })],
      ["plaid.completeUpdate", (id) => api.plaid.completeUpdate({ itemId: id })],
      ["items.remove (keep)", (id) => api.items.remove({ itemId: id, keepData: true })],
      ["items.remove (delete)", (id) => api.items.remove({ itemId: id, keepData: false })],
      ["accounts.refreshBalances", (id) => api.accounts.refreshBalances({ itemId: id })],
      ["identity.get", (id) => api.identity.get({ itemId: id })],
    ];
    const shape = (error: unknown) => {
      expect(error).toBeInstanceOf(TRPCError);
      const { code, message } = error as TRPCError;
      return { code, message };
    };
    for (const [name, call] of procedures) {
      const foreign = shape(await call(itemId).catch((error: unknown) => error));
      const missing = shape(await call(randomUUID()).catch((error: unknown) => error));
      expect({ name, ...foreign }).toEqual({ name, code: "NOT_FOUND", message: "Connection not found." });
      expect(missing).toEqual(foreign);
    }

    expect(await api.items.list()).toEqual([]);
    expect(await api.accounts.list()).toEqual([]);
    // The owner's item is untouched and still live at Plaid.
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(row?.removedAt).toBeNull();
    expect(await h.caller(owner).identity.get({ itemId })).not.toHaveLength(0);
  });

  it("removes an item at Plaid and keeps its accounts when asked to keep data", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const itemId = await connect(user);
    const [before] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    const token = h.deps.vault.decrypt(before?.accessTokenCiphertext ?? "", itemId);

    await expect(api.items.remove({ itemId, keepData: true })).resolves.toEqual({ itemId, keptData: true });

    const gone = await h.deps.client.itemGet({ access_token: token }).catch((error: unknown) => toPlaidFailure(error));
    expect(gone).toMatchObject({ kind: "item_not_found" });
    const [after] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId));
    expect(after).toMatchObject({ accessTokenCiphertext: null, accessTokenKeyId: null, status: "revoked" });
    expect(after?.removedAt).toBeInstanceOf(Date);
    expect(await h.handle.db.select().from(jobs).where(eq(jobs.key, itemId))).toEqual([]);
    expect((await api.accounts.list()).length).toBeGreaterThan(0);
    const [listed] = await api.items.list();
    expect(listed?.removedAt).toBeInstanceOf(Date);

    // A disconnected item has nothing left to refresh, and a bank can be connected again.
    await expect(api.accounts.refreshBalances({ itemId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const again = await api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata });
    expect(again.status).toBe("connected");

    // Deleting the kept data later needs no Plaid call.
    await api.items.remove({ itemId, keepData: false });
    expect(await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId))).toEqual([]);
  });

  it("removes an item at Plaid and deletes its accounts when asked", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const itemId = await connect(user);
    await expect(api.items.remove({ itemId, keepData: false })).resolves.toEqual({ itemId, keptData: false });
    expect(await api.items.list()).toEqual([]);
    expect(await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.itemId, itemId))).toEqual([]);
  });

  it("keeps the item when Plaid refuses the removal, so the user can retry", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const itemId = await connect(user);
    await h.injectError("/item/remove", "INTERNAL_SERVER_ERROR");
    await expect(api.items.remove({ itemId, keepData: false })).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await api.items.list()).toHaveLength(1);
    await api.items.remove({ itemId, keepData: false });
    expect(await api.items.list()).toEqual([]);
  });

  /** A caller whose Plaid deps differ from the harness's (another vault, a hooked client). */
  function callerWith(user: { id: string; email: string }, plaid: Partial<PlaidDeps>) {
    return createCaller({
      db: h.handle.db,
      session: { user: { id: user.id, email: user.email }, expires: new Date(Date.now() + 3_600_000).toISOString() },
      headers: new Headers(),
      plaid: { ...h.deps, ...plaid },
    });
  }

  // TOKEN_ENCRYPTION_KEYS without the key that sealed the items' tokens.
  const vaultWithoutTheKey = () => createTokenVault(parseKeyRing(`other:${randomBytes(32).toString("base64")}`));
  const itemRow = async (itemId: string) => (await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, itemId)))[0];

  it("removes an item whose token cannot be decrypted, keeping or deleting its data, and logs that Plaid was not told", async () => {
    // Two users: one user cannot connect the same bank twice.
    const [keeper, deleter] = [await h.createUser(), await h.createUser()];
    const kept = await connect(keeper);
    const deleted = await connect(deleter);
    const vault = vaultWithoutTheKey();

    await expect(callerWith(keeper, { vault }).items.remove({ itemId: kept, keepData: true })).resolves.toEqual({ itemId: kept, keptData: true });
    expect(await itemRow(kept)).toMatchObject({ accessTokenCiphertext: null, status: "revoked", errorCode: null });
    expect((await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.itemId, kept))).length).toBeGreaterThan(0);

    await expect(callerWith(deleter, { vault }).items.remove({ itemId: deleted, keepData: false })).resolves.toEqual({ itemId: deleted, keptData: false });
    expect(await itemRow(deleted)).toBeUndefined();
    expect(await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.itemId, deleted))).toEqual([]);

    const warnings = h.logLines.filter((line) => line.includes("/item/remove at Plaid was impossible"));
    expect(warnings.map((line) => (JSON.parse(line) as { itemId: string; level: number }).itemId).sort()).toEqual([kept, deleted].sort());
  });

  it("marks the item errored with what to do when a procedure meets an unreadable token", async () => {
    const user = await h.createUser();
    const itemId = await connect(user);
    const error = await callerWith(user, { vault: vaultWithoutTheKey() })
      .accounts.refreshBalances({ itemId })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).message).toMatch(/Remove it and connect the bank again/);
    expect(await itemRow(itemId)).toMatchObject({ status: "error", errorCode: ACCESS_TOKEN_UNREADABLE, errorMessage: ACCESS_TOKEN_UNREADABLE_MESSAGE });
    const [listed] = await h.caller(user).items.list();
    expect(listed).toMatchObject({ status: "error", errorCode: ACCESS_TOKEN_UNREADABLE });
  });

  /** A client that removes the item (as the user would, from another tab) once Plaid has answered `method`. */
  function removingClient(method: "accountsGet" | "accountsBalanceGet", remove: () => Promise<unknown>): PlaidApi {
    const base = h.deps.client;
    return Object.assign(Object.create(base) as PlaidApi, {
      [method]: async (...args: unknown[]) => {
        const answer = await (base[method] as (...a: unknown[]) => Promise<unknown>).apply(base, args);
        await remove();
        return answer;
      },
    });
  }

  it("leaves an item removed while update mode's Plaid calls were in flight removed, with no sync queued", async () => {
    const user = await h.createUser();
    const itemId = await connect(user);
    await h.handle.db.update(plaidItems).set({ status: "login_required", errorCode: "ITEM_LOGIN_REQUIRED" }).where(eq(plaidItems.id, itemId));
    await h.handle.db.delete(jobs).where(eq(jobs.key, itemId));
    // Removed after the last Plaid call (/item/get, then /accounts/get) answered, before the write.
    const client = removingClient("accountsGet", () => h.caller(user).items.remove({ itemId, keepData: true }));

    await callerWith(user, { client }).plaid.completeUpdate({ itemId }).catch(() => null);
    const row = await itemRow(itemId);
    expect(row).toMatchObject({ status: "revoked", accessTokenCiphertext: null });
    expect(row?.removedAt).toBeInstanceOf(Date);
    expect(await h.handle.db.select().from(jobs).where(eq(jobs.key, itemId))).toEqual([]);
  });

  it("writes no balances for an item removed while /accounts/balance/get was in flight", async () => {
    const user = await h.createUser();
    const itemId = await connect(user);
    const before = await h.handle.db.select({ at: plaidAccounts.balanceUpdatedAt }).from(plaidAccounts).where(eq(plaidAccounts.itemId, itemId));
    const client = removingClient("accountsBalanceGet", () => h.caller(user).items.remove({ itemId, keepData: true }));

    await callerWith(user, { client }).accounts.refreshBalances({ itemId }).catch(() => null);
    const after = await h.handle.db.select({ at: plaidAccounts.balanceUpdatedAt }).from(plaidAccounts).where(eq(plaidAccounts.itemId, itemId));
    expect(after).toEqual(before);
    expect(await itemRow(itemId)).toMatchObject({ status: "revoked" });

    // Deleting everything meanwhile is just as final: no account row comes back.
    const other = await connect(user);
    const deleting = removingClient("accountsBalanceGet", () => h.caller(user).items.remove({ itemId: other, keepData: false }));
    await callerWith(user, { client: deleting }).accounts.refreshBalances({ itemId: other }).catch(() => null);
    expect(await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.itemId, other))).toEqual([]);
  });

  it("limits identity.get to 10 reads a minute per user", async () => {
    const user = await h.createUser();
    const itemId = await connect(user);
    const api = h.caller(user);
    for (let i = 0; i < 10; i += 1) await api.identity.get({ itemId });
    await expect(api.identity.get({ itemId })).rejects.toMatchObject({ code: "TOO_MANY_REQUESTS" });
    // Counted per user, before the lookup: another user is unaffected.
    const other = await h.createUser();
    await expect(h.caller(other).identity.get({ itemId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const { createCaller } = await import("@/server/api/root");
    const anonymous = createCaller({ db: h.handle.db, session: null, headers: new Headers(), plaid: h.deps });
    await expect(anonymous.items.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("wrote no access token into any log line", () => {
    for (const line of h.logLines) expect(line).not.toContain("access-");
  });
});
