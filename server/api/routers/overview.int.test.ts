import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";

const metadata = { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] };

describe("overview and account pages over tRPC", { timeout: 60_000 }, () => {
  let h: PlaidHarness;
  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  it("a new connection's balances count in net worth at once, today's snapshot is recorded, and another user gets NOT_FOUND for the account", async () => {
    const owner = h.caller(await h.createUser());
    const result = await owner.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata });
    if (result.status !== "connected") throw new Error("expected a new connection");

    const overview = await owner.overview.get();
    expect(overview.netWorth.map((row) => row.currency)).toEqual(["USD"]);
    // Not synced yet: the overview says it is importing instead of showing zeros as facts.
    expect(overview.importState.importing.map((item) => item.itemId)).toEqual([result.item.id]);

    const accounts = await owner.accounts.details();
    const checking = accounts.find((account) => account.type === "depository");
    if (!checking) throw new Error("no depository account");
    expect(checking.institutionName).toBe(FIRST_PLATYPUS.name);
    expect(await owner.accounts.get({ accountId: checking.id })).toMatchObject({ id: checking.id, itemStatus: "healthy", itemRemovedAt: null });
    const history = await owner.accounts.balanceHistory({ accountId: checking.id, days: 7 });
    expect(history).toEqual([{ day: new Date().toISOString().slice(0, 10), current: checking.currentBalance, available: checking.availableBalance, recorded: true }]);

    const stranger = h.caller(await h.createUser());
    await expect(stranger.accounts.get({ accountId: checking.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await stranger.accounts.balanceHistory({ accountId: checking.id, days: 7 })).toEqual([]);
    expect(await stranger.accounts.details()).toEqual([]);
    expect((await stranger.overview.get()).netWorth).toEqual([]);
  });
});
