import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { categories, plaidAccounts, plaidTransactions, rules, transactionMonthTotals, transactionOverrides } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { effectiveCategoryId, effectiveDisplayName, effectiveHidden, effectiveTags } from "@/server/finance/effective-category";
import { recomputedMonthTotals, storedMonthTotals } from "@/server/finance/testing/month-totals-oracle";
import { syncTransactions, type SyncDeps } from "@/server/plaid/sync/sync-transactions";
import { createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";

// Rules end to end on both drivers: the emulator over HTTP, the real sync, the tRPC router.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 120_000 });

let kit: SyncTestKit;
const deps = (): SyncDeps => ({ handle: kit.handle, plaid: kit.plaid, sleep: async () => {}, pageSize: 100 });

beforeAll(async () => {
  kit = await createSyncTestKit({ plaidTimeoutMs: 2_000, emulator: { rateLimitPerMinute: 0 } });
});
afterAll(async () => {
  await kit.close();
});

function api(userId: string) {
  return createCaller({ db: kit.handle.db, session: { user: { id: userId, email: `${userId}@example.test` }, expires: new Date(Date.now() + 3_600_000).toISOString() }, headers: new Headers() });
}

async function category(userId: string, name: string): Promise<string> {
  const [row] = await kit.handle.db.insert(categories).values({ userId, name }).returning({ id: categories.id });
  if (!row) throw new Error("category not stored");
  return row.id;
}

async function addTransactions(item: ConnectedTestItem, transactions: Record<string, unknown>[]): Promise<string[]> {
  const { transaction_ids: ids } = (await kit.control(`items/${item.plaidItemId}/transactions/add`, { transactions, webhook: false })) as { transaction_ids: string[] };
  return ids;
}

/** What a person sees of each of the user's transactions: effective category, name, hidden, tags. */
async function effective(userId: string): Promise<Map<string, string>> {
  const rows = await kit.handle.db
    .select({ id: plaidTransactions.plaidTransactionId, category: effectiveCategoryId, name: effectiveDisplayName, hidden: effectiveHidden, tags: effectiveTags })
    .from(plaidTransactions)
    .where(eq(plaidTransactions.userId, userId));
  return new Map(rows.map((row) => [row.id, JSON.stringify([row.category, row.name, row.hidden, row.tags])]));
}

async function ruleValues(id: string) {
  const [row] = await kit.handle.db.select().from(transactionOverrides).where(eq(transactionOverrides.plaidTransactionId, id));
  return row ?? null;
}

async function expectTotalsMatchRows() {
  expect(await storedMonthTotals(kit.handle.db)).toEqual(await recomputedMonthTotals(kit.handle.db));
}

describe("rules during sync", () => {
  it("apply to new and modified transactions inside the sync, and the month totals count them", async () => {
    const item = await kit.connect();
    const coffee = await category(item.userId, "Coffee");
    await api(item.userId).rules.create({
      name: "Cafés",
      conditions: [{ type: "text", field: "merchant", op: "contains", value: "café" }],
      actions: { setCategoryId: coffee, addTags: ["coffee"], setDisplayName: "Coffee shop" },
    });
    const [cafe, deli] = await addTransactions(item, [
      { amount: 4.5, name: "CORNER CAFÉ 123" },
      { amount: 9.75, name: "Corner Deli" },
    ]);
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });

    expect(await ruleValues(cafe ?? "")).toMatchObject({ ruleCategoryId: coffee, ruleDisplayName: "Coffee shop", ruleTags: ["coffee"], categoryId: null });
    expect(await ruleValues(deli ?? "")).toBeNull();
    await expectTotalsMatchRows();
    const [coffeeTotal] = await kit.handle.db.select({ out: sql<string>`sum(${transactionMonthTotals.moneyOut})::text` }).from(transactionMonthTotals).where(eq(transactionMonthTotals.categoryId, coffee));
    expect(Number(coffeeTotal?.out)).toBe(4.5);

    // Plaid renames them: the deli now matches, the café no longer does.
    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { transaction_id: deli, name: "Deli Café", webhook: false });
    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { transaction_id: cafe, name: "Corner Bakery", webhook: false });
    await syncTransactions(deps(), item.id);
    expect((await ruleValues(deli ?? ""))?.ruleCategoryId).toBe(coffee);
    expect(await ruleValues(cafe ?? "")).toMatchObject({ ruleCategoryId: null, ruleDisplayName: null, ruleTags: [] });
    await expectTotalsMatchRows();
  });

  it("applies rules in list order: the higher rule wins a field, tags add up, stop shuts off the rules below", async () => {
    const item = await kit.connect();
    const [groceries, treats] = [await category(item.userId, "Groceries"), await category(item.userId, "Treats")];
    const caller = api(item.userId);
    await caller.rules.create({ name: "Market", conditions: [{ type: "text", field: "name", op: "contains", value: "market" }], actions: { setCategoryId: groceries, addTags: ["food"] } });
    await caller.rules.create({ name: "Big", conditions: [{ type: "amount", min: "50", direction: "out" }], actions: { setCategoryId: treats, addTags: ["big"] } });
    await caller.rules.create({ name: "Stop on bakery", stop: true, conditions: [{ type: "text", field: "merchant", op: "equals", value: "the bakery" }], actions: { addTags: ["bakery"] } });
    await caller.rules.create({ name: "After stop", conditions: [{ type: "direction", value: "out" }], actions: { addTags: ["spent"] } });
    const [market, bakery, refund] = await addTransactions(item, [
      { amount: 80, name: "Super Market" },
      { amount: 60, name: "THE BAKERY" },
      { amount: -75, name: "Super Market refund" },
    ]);
    await syncTransactions(deps(), item.id);

    expect(await ruleValues(market ?? "")).toMatchObject({ ruleCategoryId: groceries, ruleTags: ["big", "food", "spent"] });
    expect(await ruleValues(bakery ?? "")).toMatchObject({ ruleCategoryId: treats, ruleTags: ["bakery", "big"] });
    // Money in: "Big" wants money out, "After stop" too.
    expect(await ruleValues(refund ?? "")).toMatchObject({ ruleCategoryId: groceries, ruleTags: ["food"] });
  });
});

describe("rules on history", () => {
  it("previews exactly what applying changes, applies it with the totals, and leaves manual edits on top", async () => {
    const item = await kit.connect();
    const [rent, kept] = await addTransactions(item, [
      { amount: 1200, name: "Landlord Rent", merchant_name: "Acme Rentals" },
      { amount: 1300, name: "Landlord Rent Dec", merchant_name: "Acme Rentals" },
    ]);
    await syncTransactions(deps(), item.id);
    const housing = await category(item.userId, "Housing");
    const mine = await category(item.userId, "Mine");
    // The person already put one of them in their own category by hand.
    await kit.handle.db.insert(transactionOverrides).values({ plaidTransactionId: kept ?? "", userId: item.userId, categoryId: mine });
    const caller = api(item.userId);
    const { id: ruleId } = await caller.rules.create({ name: "Rent", conditions: [{ type: "text", field: "merchant", op: "equals", value: "ACME RENTALS" }], actions: { setCategoryId: housing } });

    const before = await effective(item.userId);
    const preview = await caller.rules.previewHistory();
    const applied = await caller.rules.applyToHistory();
    const after = await effective(item.userId);
    const changedIds = [...after].filter(([id, value]) => before.get(id) !== value).map(([id]) => id);

    expect(preview.changed).toBe(1);
    expect(applied.changed).toBe(preview.changed);
    expect(changedIds).toEqual([rent]);
    expect(await ruleValues(kept ?? "")).toMatchObject({ categoryId: mine, ruleCategoryId: housing });
    expect(JSON.parse(after.get(kept ?? "") ?? "[]")[0]).toBe(mine);
    await expectTotalsMatchRows();
    expect((await caller.rules.previewHistory()).changed).toBe(0);

    // A later sync's modify of the hand-edited row keeps the manual category on top.
    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { transaction_id: kept, amount: 1350, webhook: false });
    await syncTransactions(deps(), item.id);
    expect(await ruleValues(kept ?? "")).toMatchObject({ categoryId: mine, ruleCategoryId: housing });

    // Deleting the rule removes every effect it had; the manual edit stays.
    await caller.rules.delete({ ruleId });
    expect(await ruleValues(rent ?? "")).toMatchObject({ ruleCategoryId: null });
    expect(await ruleValues(kept ?? "")).toMatchObject({ categoryId: mine, ruleCategoryId: null });
    expect((await effective(item.userId)).get(rent ?? "")).toBe(before.get(rent ?? ""));
    await expectTotalsMatchRows();
  });

  it("editing or disabling a rule recomputes what it set", async () => {
    const item = await kit.connect();
    const [gym] = await addTransactions(item, [{ amount: 30, name: "City Gym" }]);
    await syncTransactions(deps(), item.id);
    const caller = api(item.userId);
    const { id: ruleId } = await caller.rules.create({ name: "Gym", conditions: [{ type: "text", field: "name", op: "contains", value: "gym" }], actions: { hide: true } });
    await caller.rules.applyToHistory();
    expect((await ruleValues(gym ?? ""))?.ruleHidden).toBe(true);
    await expectTotalsMatchRows();

    await caller.rules.update({ ruleId, name: "Gym", conditions: [{ type: "text", field: "name", op: "contains", value: "pool" }], actions: { hide: true } });
    expect((await ruleValues(gym ?? ""))?.ruleHidden).toBeNull();
    await expectTotalsMatchRows();

    await caller.rules.update({ ruleId, name: "Gym", conditions: [{ type: "text", field: "name", op: "contains", value: "gym" }], actions: { hide: true } });
    await caller.rules.applyToHistory();
    expect((await ruleValues(gym ?? ""))?.ruleHidden).toBe(true);
    await caller.rules.setEnabled({ ruleId, enabled: false });
    expect((await ruleValues(gym ?? ""))?.ruleHidden).toBeNull();
    await expectTotalsMatchRows();
  });

  it("'Always do this for <merchant>' previews the count, makes a top rule and applies it to that merchant", async () => {
    const item = await kit.connect();
    const ids = await addTransactions(item, [
      { amount: 3.2, name: "QXR 1", merchant_name: "Quux Roasters" },
      { amount: 4.1, name: "QXR 2", merchant_name: "quux roasters" },
      { amount: 5, name: "Peets" },
    ]);
    await syncTransactions(deps(), item.id);
    const coffee = await category(item.userId, "Coffee");
    const caller = api(item.userId);
    // An older, broader rule: the new one goes above it and wins.
    const shopping = await category(item.userId, "Shopping");
    await caller.rules.create({ name: "Everything", conditions: [{ type: "direction", value: "out" }], actions: { setCategoryId: shopping } });
    // The manual recategorisation that prompts the question.
    await kit.handle.db.insert(transactionOverrides).values({ plaidTransactionId: ids[0] ?? "", userId: item.userId, categoryId: coffee });

    const preview = await caller.rules.previewFromTransaction({ transactionId: ids[0] ?? "", categoryId: coffee });
    expect(preview).toMatchObject({ merchant: "Quux Roasters", categoryName: "Coffee", changed: 1 });
    const made = await caller.rules.createFromTransaction({ transactionId: ids[0] ?? "", categoryId: coffee });
    expect(made.changed).toBe(preview.changed);
    expect((await ruleValues(ids[1] ?? ""))?.ruleCategoryId).toBe(coffee);
    expect(await ruleValues(ids[2] ?? "")).toBeNull();
    const listed = await caller.rules.list();
    expect(listed.rules[0]).toMatchObject({ id: made.ruleId, name: "Quux Roasters → Coffee" });
    await expectTotalsMatchRows();
  });
});

describe("rules and categories", () => {
  it("a rule whose category was merged away sets the category it was merged into", async () => {
    const item = await kit.connect();
    const [bus] = await addTransactions(item, [{ amount: 2.75, name: "Muni Bus Fare" }]);
    await syncTransactions(deps(), item.id);
    const [transit, travel] = [await category(item.userId, "Bus and tram"), await category(item.userId, "Getting around")];
    const caller = api(item.userId);
    await caller.rules.create({ name: "Bus", conditions: [{ type: "text", field: "name", op: "contains", value: "bus fare" }], actions: { setCategoryId: transit } });
    await caller.categories.merge({ id: transit, targetId: travel });
    await caller.rules.applyToHistory();
    expect((await ruleValues(bus ?? ""))?.ruleCategoryId).toBe(travel);
    await expectTotalsMatchRows();
  });
});

describe("rules are the owner's alone", () => {
  it("answers another user's rule, category, account and transaction ids with NOT_FOUND and changes nothing", async () => {
    const a = await kit.connect();
    const b = await kit.connect();
    const [aTransaction] = await addTransactions(a, [{ amount: 7, name: "Owner's lunch" }]);
    await syncTransactions(deps(), a.id);
    const aCategory = await category(a.userId, "A's");
    const [aAccount] = await kit.handle.db.select({ id: plaidAccounts.id }).from(plaidAccounts).where(eq(plaidAccounts.userId, a.userId));
    const { id: aRule } = await api(a.userId).rules.create({ name: "A", conditions: [{ type: "text", field: "name", op: "contains", value: "lunch" }], actions: { setCategoryId: aCategory } });
    await api(a.userId).rules.applyToHistory();
    const snapshot = async () => JSON.stringify([await kit.handle.db.select().from(rules).where(eq(rules.userId, a.userId)), await kit.handle.db.select().from(transactionOverrides).where(eq(transactionOverrides.userId, a.userId))]);
    const before = await snapshot();

    const intruder = api(b.userId);
    const bCategory = await category(b.userId, "B's");
    const input = { name: "B", conditions: [{ type: "text" as const, field: "name" as const, op: "contains" as const, value: "lunch" }], actions: { setCategoryId: bCategory } };
    const notFound = { code: "NOT_FOUND" };
    await expect(intruder.rules.update({ ruleId: aRule, ...input })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.delete({ ruleId: aRule })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.setEnabled({ ruleId: aRule, enabled: false })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.reorder({ ruleIds: [aRule] })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.create({ ...input, actions: { setCategoryId: aCategory } })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.create({ ...input, conditions: [{ type: "account", accountId: aAccount?.id ?? "" }] })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.previewFromTransaction({ transactionId: aTransaction ?? "", categoryId: bCategory })).rejects.toMatchObject(notFound);
    await expect(intruder.rules.createFromTransaction({ transactionId: aTransaction ?? "", categoryId: bCategory })).rejects.toMatchObject(notFound);
    // B's own rule matching "lunch", applied: touches none of A's rows.
    await intruder.rules.create(input);
    expect((await intruder.rules.previewHistory()).changed).toBe(0);
    await intruder.rules.applyToHistory();
    expect((await intruder.rules.list()).rules).toHaveLength(1);

    expect(await snapshot()).toBe(before);
    expect(await kit.handle.db.select().from(rules).where(and(eq(rules.userId, b.userId), eq(rules.setCategoryId, aCategory)))).toEqual([]);
  });

  it("rejects bad input with a field error and stores nothing", async () => {
    const item = await kit.connect();
    const caller = api(item.userId);
    await expect(caller.rules.create({ name: "Empty", conditions: [], actions: { addTags: ["x"] } })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Add at least one condition") });
    await expect(caller.rules.create({ name: "No action", conditions: [{ type: "direction", value: "in" }], actions: {} })).rejects.toMatchObject({ message: expect.stringContaining("Choose at least one action") });
    await expect(
      caller.rules.create({ name: "Bounds", conditions: [{ type: "amount", min: "10", max: "5", direction: "any" }], actions: { hide: true } }),
    ).rejects.toMatchObject({ message: expect.stringContaining("The minimum is more than the maximum") });
    expect((await caller.rules.list()).rules).toEqual([]);
  });
});
