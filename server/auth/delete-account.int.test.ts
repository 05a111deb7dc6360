import { TRPCError } from "@trpc/server";
import { count, eq, getTableColumns, getTableName, inArray, is, like, or } from "drizzle-orm";
import { PgTable, type PgColumn } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import { accountBalanceSnapshots, authAccounts, authSessions, jobs, plaidAccounts, plaidItems, plaidTransactions, plaidWebhookEvents, rateLimits, users } from "@/db/schema";
import { toPlaidFailure } from "@/server/plaid/errors";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { hashPassword } from "./password";
import { checkSessionToken } from "./session-version";

const PASSWORD = "delete me for real";
/** Where userWithData() puts at least one row (a table added later with a user_id is still checked for zero). */
const SEEDED_TABLES = [
  "users",
  "auth_accounts",
  "auth_sessions",
  "plaid_items",
  "plaid_accounts",
  "plaid_transactions",
  "account_balance_snapshots",
  "jobs",
  "plaid_webhook_events",
  "rate_limits",
] as const;

const INSTITUTIONS = [FIRST_PLATYPUS, { id: "ins_109509", name: "First Gingham Credit Union" }];

/** Every table with a user_id column, found from the schema so a table added later is covered too. */
const userScopedTables: { name: string; table: PgTable; userId: PgColumn }[] = [];
for (const value of Object.values(schema)) {
  if (!is(value, PgTable)) continue;
  const userId = (getTableColumns(value) as Record<string, PgColumn | undefined>).userId;
  if (userId) userScopedTables.push({ name: getTableName(value), table: value, userId });
}

describe("account.delete", { timeout: 120_000 }, () => {
  let h: PlaidHarness;
  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  /** A user with a password, two live bank connections, and a row in every user-scoped place. */
  async function userWithData() {
    const user = await h.createUser();
    await h.handle.db.update(users).set({ passwordHash: await hashPassword(PASSWORD) }).where(eq(users.id, user.id));
    const api = h.caller(user);
    const itemIds: string[] = [];
    for (const institution of INSTITUTIONS) {
      const result = await api.plaid.exchangePublicToken({
        publicToken: await h.publicToken(institution.id),
        metadata: { institution: { institution_id: institution.id, name: institution.name }, accounts: [] },
      });
      if (result.status !== "connected") throw new Error("expected a new connection");
      itemIds.push(result.item.id);
    }
    const items = await h.handle.db.select().from(plaidItems).where(inArray(plaidItems.id, itemIds));
    const [account] = await h.handle.db.select().from(plaidAccounts).where(eq(plaidAccounts.userId, user.id)).limit(1);
    if (!account) throw new Error("expected accounts");
    await h.handle.db.insert(plaidTransactions).values({
      plaidTransactionId: `txn-${user.id}`,
      itemId: account.itemId,
      userId: user.id,
      plaidAccountId: account.plaidAccountId,
      amount: "12.34",
      date: "2030-01-02",
      name: "Coffee",
    });
    await h.handle.db.insert(accountBalanceSnapshots).values({ accountId: account.id, userId: user.id, day: "2030-01-02", currentBalance: "100.00" });
    await h.handle.db.insert(authAccounts).values({ userId: user.id, type: "oauth", provider: "example", providerAccountId: user.id });
    await h.handle.db.insert(authSessions).values({ sessionToken: `session-${user.id}`, userId: user.id, expires: new Date(Date.now() + 60_000) });
    await h.handle.db.insert(plaidWebhookEvents).values({
      bodySha256: `sha-${user.id}`,
      plaidItemId: items[0]?.plaidItemId,
      webhookType: "TRANSACTIONS",
      webhookCode: "SYNC_UPDATES_AVAILABLE",
      payload: {},
      outcome: "ignored",
    });
    await h.handle.db.insert(jobs).values({ kind: "refresh", key: itemIds[0] ?? "", state: "succeeded" });
    await h.handle.db.insert(rateLimits).values([
      { key: `link-token:${user.id}`, windowStart: new Date(), count: 1 },
      { key: `sync-now:${user.id}:${itemIds[0]}`, windowStart: new Date(), count: 1 },
    ]);
    return { ...user, api, items };
  }

  /** How many rows of `user`'s exist, per table: the whole footprint a deletion must clear. */
  async function footprint(user: { id: string; items: { id: string; plaidItemId: string }[] }) {
    const itemIds = user.items.map((item) => item.id);
    const plaidItemIds = user.items.map((item) => item.plaidItemId);
    const rows: Record<string, number> = {};
    const tally = async (name: string, query: Promise<{ n: number }[]>) => {
      rows[name] = (await query)[0]?.n ?? 0;
    };
    const db = h.handle.db;
    await tally("users", db.select({ n: count() }).from(users).where(eq(users.id, user.id)));
    for (const { name, table, userId } of userScopedTables) {
      await tally(name, db.select({ n: count() }).from(table).where(eq(userId, user.id)));
    }
    await tally("jobs", db.select({ n: count() }).from(jobs).where(inArray(jobs.key, itemIds)));
    await tally("plaid_webhook_events", db.select({ n: count() }).from(plaidWebhookEvents).where(inArray(plaidWebhookEvents.plaidItemId, plaidItemIds)));
    await tally("rate_limits", db.select({ n: count() }).from(rateLimits).where(or(like(rateLimits.key, `%:${user.id}`), like(rateLimits.key, `%:${user.id}:%`))));
    return rows;
  }

  const liveAtPlaid = async (item: { id: string; accessTokenCiphertext: string | null }) => {
    const token = h.deps.vault.decrypt(item.accessTokenCiphertext ?? "", item.id);
    return h.deps.client.itemGet({ access_token: token }).then(
      () => true,
      (error: unknown) => (toPlaidFailure(error).kind === "item_not_found" ? false : Promise.reject(error)),
    );
  };

  it("with a wrong password changes nothing, here or at Plaid", async () => {
    const user = await userWithData();
    const before = await footprint(user);
    const error = await user.api.account.delete({ password: "not my password" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: "BAD_REQUEST", message: "That password is not right." });
    // Only the attempt itself is counted (the procedure's limit and the re-authentication backoff).
    expect(await footprint(user)).toEqual({ ...before, rate_limits: (before.rate_limits ?? 0) + 2 });
    for (const item of user.items) expect(await liveAtPlaid(item)).toBe(true);
  });

  it("removes every connection at Plaid and leaves zero rows of the user in every table, and none of another user's go", async () => {
    const user = await userWithData();
    const bystander = await userWithData();
    const bystanderBefore = await footprint(bystander);
    const before = await footprint(user);
    const seeded = Object.keys(before).filter((table) => (before[table] ?? 0) > 0);
    expect(seeded).toEqual(expect.arrayContaining([...SEEDED_TABLES]));

    await expect(user.api.account.delete({ password: PASSWORD })).resolves.toEqual({ ok: true });

    expect(Object.values(await footprint(user)).every((rows) => rows === 0)).toBe(true);
    expect(await footprint(bystander)).toEqual(bystanderBefore);
    for (const item of user.items) expect(await liveAtPlaid(item)).toBe(false);
    for (const item of bystander.items) expect(await liveAtPlaid(item)).toBe(true);
  });

  it("counts an item Plaid no longer knows as removed, and skips (and logs) one whose token cannot be decrypted", async () => {
    const user = await userWithData();
    const [gone, unreadable] = user.items;
    if (!gone || !unreadable) throw new Error("expected two items");
    // Removed at Plaid behind our back: /item/remove will answer ITEM_NOT_FOUND.
    await h.deps.client.itemRemove({ access_token: h.deps.vault.decrypt(gone.accessTokenCiphertext ?? "", gone.id) });
    // The other row's ciphertext: its AAD is the other row id, so this one fails to decrypt.
    await h.handle.db.update(plaidItems).set({ accessTokenCiphertext: gone.accessTokenCiphertext }).where(eq(plaidItems.id, unreadable.id));

    await expect(user.api.account.delete({ password: PASSWORD })).resolves.toEqual({ ok: true });

    expect(Object.values(await footprint(user)).every((rows) => rows === 0)).toBe(true);
    const warning = h.logLines.find((line) => line.includes("token unreadable"));
    expect(warning).toContain(unreadable.id);
    expect(warning).not.toContain(gone.accessTokenCiphertext ?? "no ciphertext");
  });

  describe("racing other requests", () => {
    type EmulatorItem = { item_id: string; state: string; exchanged: boolean };
    const emulatorItems = async () => ((await h.control("items")) as { items: EmulatorItem[] }).items;
    async function waitFor(condition: () => Promise<boolean>, what: string) {
      for (let tries = 0; tries < 400; tries++) {
        if (await condition()) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`timed out waiting for ${what}`);
    }

    it("an exchange in flight when the deletion starts leaves no item live at Plaid and no row here", async () => {
      const user = await userWithData();
      const known = new Set((await emulatorItems()).map((item) => item.item_id));
      // A bank the user has not connected yet, so the exchange is not refused as a duplicate.
      const tattersall = { institution_id: "ins_109510", name: "Tattersall Federal Credit Union" };
      const publicToken = await h.publicToken(tattersall.institution_id);
      const newItemId = (await emulatorItems()).find((item) => !known.has(item.item_id))?.item_id;
      if (!newItemId) throw new Error("expected the public token's item at the emulator");

      // The exchange stalls on /accounts/get after exchanging; the deletion stalls on its removals.
      // Without the deleting mark, the exchange would commit its item while the deletion removes the
      // items it had read, and the deletion's cascade would drop the new row with the item still live.
      await h.control("faults", { endpoint: "/accounts/get", kind: "delay", delay_ms: 2_000, count: 1 });
      const exchange = user.api.plaid
        .exchangePublicToken({ publicToken, metadata: { institution: tattersall, accounts: [] } })
        .then(
          (result) => result,
          (error: unknown) => error,
        );
      await waitFor(async () => (await emulatorItems()).some((item) => item.item_id === newItemId && item.exchanged), "the exchange");
      await h.control("faults", { endpoint: "/item/remove", kind: "delay", delay_ms: 2_000, count: user.items.length });

      await expect(user.api.account.delete({ password: PASSWORD })).resolves.toEqual({ ok: true });
      const outcome = await exchange;
      expect(outcome).toBeInstanceOf(TRPCError);
      expect(outcome).toMatchObject({ code: "UNAUTHORIZED", message: "This account is being deleted." });

      const atPlaid = await emulatorItems();
      const ours = new Set([newItemId, ...user.items.map((item) => item.plaidItemId)]);
      expect(atPlaid.filter((item) => ours.has(item.item_id)).map((item) => item.state)).toEqual([...ours].map(() => "removed"));
      expect(Object.values(await footprint(user)).every((rows) => rows === 0)).toBe(true);
      expect(await h.handle.db.select().from(plaidItems).where(eq(plaidItems.plaidItemId, newItemId))).toEqual([]);
    });

    it("another app process's session for the user is refused on its very next request, without waiting for any cache", async () => {
      const user = await userWithData();
      // A second app context (another process's caller and session cache) that just served the user.
      const other = h.caller(user);
      const token = { sub: user.id, sessionVersion: 0 };
      expect(await checkSessionToken(h.handle.db, { token })).toEqual(token);
      await expect(other.items.list()).resolves.toHaveLength(INSTITUTIONS.length);

      // The deletion's first step, as another process commits it: this process's cache is not told.
      await h.handle.db.update(users).set({ deletingAt: new Date() }).where(eq(users.id, user.id));
      await expect(other.items.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(other.plaid.createLinkToken()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      await expect(other.sync.status()).rejects.toMatchObject({ code: "UNAUTHORIZED" });

      // And once the deletion finished, the same: nothing of the user answers.
      await h.handle.db.update(users).set({ deletingAt: null }).where(eq(users.id, user.id));
      await expect(user.api.account.delete({ password: PASSWORD })).resolves.toEqual({ ok: true });
      await expect(other.items.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      expect(await checkSessionToken(h.handle.db, { token })).toBeNull();
    });

    it("a failed removal at Plaid lifts the deleting mark, so the user can sign in and retry", async () => {
      const user = await userWithData();
      await h.injectError("/item/remove", "INTERNAL_SERVER_ERROR");
      await expect(user.api.account.delete({ password: PASSWORD })).rejects.toBeInstanceOf(TRPCError);
      const [row] = await h.handle.db.select({ deletingAt: users.deletingAt }).from(users).where(eq(users.id, user.id));
      expect(row).toEqual({ deletingAt: null });
      await expect(user.api.items.list()).resolves.toHaveLength(INSTITUTIONS.length);
    });
  });
});
