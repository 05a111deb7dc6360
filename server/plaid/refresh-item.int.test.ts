import { eq } from "drizzle-orm";
import type { PlaidApi } from "plaid";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { jobs, plaidItems } from "@/db/schema";
import { statusFromItemGet } from "./read-item-health";
import { refreshItem } from "./refresh-item";
import { failure } from "./errors";
import { findUserItem } from "./find-user-item";
import { removeItem } from "./remove-item";
import { createSyncTestKit, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
beforeAll(async () => {
  kit = await createSyncTestKit();
});
afterAll(async () => {
  await kit.close();
});

const itemRow = async (id: string) => (await kit.handle.db.select().from(plaidItems).where(eq(plaidItems.id, id)))[0];

describe("refreshItem reads the item's health from /item/get", () => {
  it("marks login_required, then healthy again and queues a catch-up sync", async () => {
    const item = await kit.connect();
    await kit.control(`items/${item.plaidItemId}/state`, { state: "login_required", webhook: false });
    expect(await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id)).toEqual({ status: "login_required", changed: true });
    expect(await itemRow(item.id)).toMatchObject({ status: "login_required", errorCode: "ITEM_LOGIN_REQUIRED" });

    await kit.control(`items/${item.plaidItemId}/state`, { state: "healthy", webhook: false });
    expect(await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id)).toEqual({ status: "healthy", changed: true });
    expect(await itemRow(item.id)).toMatchObject({ status: "healthy", errorCode: null, errorMessage: null });
    const queued = await kit.handle.db.select({ kind: jobs.kind }).from(jobs).where(eq(jobs.key, item.id));
    expect(queued).toEqual([{ kind: "sync-transactions" }]);
  });

  it("marks pending_expiration with the consent expiry", async () => {
    const item = await kit.connect();
    const expiry = new Date(Date.now() + 3 * 86_400_000);
    await kit.control(`items/${item.plaidItemId}/state`, { state: "pending_expiration", consent_expiration_time: expiry.toISOString(), webhook: false });
    expect(await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id)).toMatchObject({ status: "pending_expiration" });
    expect((await itemRow(item.id))?.consentExpiresAt?.toISOString()).toBe(expiry.toISOString());
  });

  it("keeps a PENDING_DISCONNECT warning until its date, then drops it if the item is still healthy", async () => {
    const item = await kit.connect();
    const soon = new Date(Date.now() + 3 * 86_400_000);
    await kit.handle.db.update(plaidItems).set({ pendingDisconnectReason: "INSTITUTION_MIGRATION", pendingDisconnectAt: soon }).where(eq(plaidItems.id, item.id));
    await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id);
    expect(await itemRow(item.id)).toMatchObject({ status: "healthy", pendingDisconnectReason: "INSTITUTION_MIGRATION", pendingDisconnectAt: soon });

    await refreshItem({ db: kit.handle.db, plaid: kit.plaid, now: () => new Date(soon.getTime() + 60_000) }, item.id);
    expect(await itemRow(item.id)).toMatchObject({ status: "healthy", pendingDisconnectReason: null, pendingDisconnectAt: null });
  });

  it("marks a revoked item revoked", async () => {
    const item = await kit.connect();
    await kit.control(`items/${item.plaidItemId}/state`, { state: "revoked", webhook: false });
    expect(await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id)).toMatchObject({ status: "revoked" });
  });
});

describe("refreshItem racing a removal", () => {
  it("leaves an item removed while /item/get was in flight removed, and queues no sync", async () => {
    const item = await kit.connect();
    await kit.control(`items/${item.plaidItemId}/state`, { state: "login_required", webhook: false });
    await refreshItem({ db: kit.handle.db, plaid: kit.plaid }, item.id);
    await kit.control(`items/${item.plaidItemId}/state`, { state: "healthy", webhook: false });

    // /item/get answers "healthy"; before refreshItem writes that, the user removes the item.
    const base = kit.plaid.client;
    const client = Object.assign(Object.create(base) as PlaidApi, {
      itemGet: async (...args: Parameters<PlaidApi["itemGet"]>) => {
        const answer = await base.itemGet(...args);
        const found = await findUserItem(kit.handle.db, { userId: item.userId, itemId: item.id });
        if (found) await removeItem(kit.plaid, kit.handle.db, found, { keepData: true });
        return answer;
      },
    });
    expect(await refreshItem({ db: kit.handle.db, plaid: { ...kit.plaid, client } }, item.id)).toEqual({ status: "skipped", reason: "item removed during refresh" });
    const row = await itemRow(item.id);
    expect(row).toMatchObject({ status: "revoked", accessTokenCiphertext: null });
    expect(row?.removedAt).toBeInstanceOf(Date);
    expect(await kit.handle.db.select().from(jobs).where(eq(jobs.key, item.id))).toEqual([]);
  });
});

describe("statusFromItemGet", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  it("prefers the error, then an expiry within seven days", () => {
    expect(statusFromItemGet(failure("login_required", { code: "ITEM_LOGIN_REQUIRED" }), null, now)).toBe("login_required");
    expect(statusFromItemGet(failure("unknown", { code: "SOMETHING_NEW" }), null, now)).toBe("error");
    expect(statusFromItemGet(null, new Date("2026-01-05T00:00:00Z"), now)).toBe("pending_expiration");
    expect(statusFromItemGet(null, new Date("2026-03-01T00:00:00Z"), now)).toBe("healthy");
  });
});
