import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobs, plaidAccounts, plaidItems } from "@/db/schema";
import { toPlaidFailure } from "@/server/plaid/errors";
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

  it("answers UNAUTHORIZED without a session", async () => {
    const { createCaller } = await import("@/server/api/root");
    const anonymous = createCaller({ db: h.handle.db, session: null, headers: new Headers(), plaid: h.deps });
    await expect(anonymous.items.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("wrote no access token into any log line", () => {
    for (const line of h.logLines) expect(line).not.toContain("access-");
  });
});
