import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z, type ZodError } from "zod";
import { queryRows } from "@/db/query-rows";
import { createCaller } from "@/server/api/root";
import { recomputedMonthTotals, storedMonthTotals } from "@/server/finance/testing/month-totals-oracle";
import { syncTransactions, type SyncDeps } from "@/server/plaid/sync/sync-transactions";
import { createSyncTestKit, type ConnectedTestItem, type SyncTestKit } from "@/server/plaid/testing/sync-test-kit";

// The emulator plus a database per file take a while on a busy machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let kit: SyncTestKit;
const deps = (): SyncDeps => ({ handle: kit.handle, plaid: kit.plaid, sleep: async () => {}, pageSize: 100 });

const callerFor = (userId: string) =>
  createCaller({ db: kit.handle.db, session: { user: { id: userId, email: "u@example.test" }, expires: new Date(Date.now() + 60_000).toISOString() }, headers: new Headers() });

async function connectedAndSynced(): Promise<ConnectedTestItem> {
  const item = await kit.connect();
  expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
  return item;
}

async function addAndSync(item: ConnectedTestItem, transactions: Record<string, unknown>[]): Promise<string[]> {
  const added = (await kit.control(`items/${item.plaidItemId}/transactions/add`, { webhook: false, transactions })) as { transaction_ids: string[] };
  expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
  return added.transaction_ids;
}

async function expectTotalsEqualGroupBy() {
  expect(await storedMonthTotals(kit.handle.db)).toEqual(await recomputedMonthTotals(kit.handle.db));
}

/** Everything stored about a user's edits, as text: "nothing changed" compares it before and after. */
async function editState(userId: string): Promise<string> {
  const rows = await queryRows<{ state: string }>(
    kit.handle.db,
    sql`select coalesce((select jsonb_agg(o order by o.plaid_transaction_id)::text from (select plaid_transaction_id, category_id, display_name, note, tags, hidden from transaction_overrides where user_id = ${userId}) o), '')
      || coalesce((select jsonb_agg(s order by s.plaid_transaction_id, s.position)::text from (select plaid_transaction_id, position, category_id, amount::text from transaction_splits where user_id = ${userId}) s), '')
      || coalesce((select jsonb_agg(c order by c.id)::text from (select id, name, merged_into_id, deleted_at from categories where user_id = ${userId}) c), '') as state`,
  );
  return rows[0]?.state ?? "";
}

async function expectError(promise: Promise<unknown>, code: TRPCError["code"]): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe(code);
  return error as TRPCError;
}

const categoryNamed = async (userId: string, name: string) => {
  const list = await callerFor(userId).categories.list();
  const found = list.find((category) => category.name === name);
  if (!found) throw new Error(`no category ${name}`);
  return found;
};

beforeAll(async () => {
  kit = await createSyncTestKit({ emulator: { rateLimitPerMinute: 0 } });
});
afterAll(() => kit.close());

describe("editing a transaction (issue 16: edits that survive sync)", () => {
  it("recategorises, renames, notes, tags and hides; a sync's modify keeps every edit; the totals follow", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const [coffee] = await addAndSync(item, [{ amount: 4.5, name: "SQ *BLUE BOTTLE 123", category: "FOOD_AND_DRINK_COFFEE" }]);
    if (!coffee) throw new Error("no id");
    const kids = await api.categories.create({ name: "Kids" });
    await api.transactionEdits.update({ id: coffee, categoryId: kids.id, displayName: "Blue Bottle", note: "with Sam", tags: ["weekend", "treat", "weekend"] });
    await expectTotalsEqualGroupBy();

    // Plaid modifies the row (new amount and name): the person's edits stay.
    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { webhook: false, transaction_id: coffee, amount: 5.25, name: "BLUE BOTTLE COFFEE" });
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
    const view = await api.transactionEdits.get({ id: coffee });
    expect(view).toMatchObject({ name: "BLUE BOTTLE COFFEE", amount: "5.25", shownName: "Blue Bottle", categoryName: "Kids", tags: ["treat", "weekend"], hidden: false });
    expect(view.manual).toMatchObject({ note: "with Sam", categoryId: kids.id });

    // The explorer filters by the person's category, finds the display name, shows the edits.
    const explored = await api.transactions.explore({ filters: { category: kids.id, sort: "date_desc" } });
    expect(explored.items.map((row) => row.id)).toEqual([coffee]);
    expect(explored.items[0]).toMatchObject({ categoryName: "Kids", displayName: "Blue Bottle", tags: ["treat", "weekend"] });
    expect((await api.transactions.explore({ filters: { q: "blue bottle", sort: "date_desc" } })).items.map((row) => row.id)).toContain(coffee);
    expect(await api.transactions.summary({ filters: { category: kids.id } })).toMatchObject({ count: 1, byCurrency: [{ moneyOut: "5.25" }] });

    // Hidden from reports: still listed, no longer counted anywhere.
    await api.transactionEdits.update({ id: coffee, hidden: true });
    expect(await api.transactions.summary({ filters: { category: kids.id } })).toEqual({ count: 0, byCurrency: [] });
    expect((await api.transactions.explore({ filters: { category: kids.id, sort: "date_desc" } })).items[0]).toMatchObject({ id: coffee, hidden: true });
    await expectTotalsEqualGroupBy();

    // Clearing the category sends it back to Plaid's (seeded) one.
    await api.transactionEdits.update({ id: coffee, categoryId: null, hidden: false });
    expect(await api.transactionEdits.get({ id: coffee })).toMatchObject({ categoryName: "Food and drink", hidden: false });
    await expectTotalsEqualGroupBy();
  });

  it("answers NOT_FOUND for another user's transaction, category or notice, and changes nothing", async () => {
    const alice = await connectedAndSynced();
    const bob = await connectedAndSynced();
    const [alicesRow] = await addAndSync(alice, [{ amount: 20, name: "Alice's lunch" }]);
    const [bobsRow] = await addAndSync(bob, [{ amount: 30, name: "Bob's lunch" }]);
    if (!alicesRow || !bobsRow) throw new Error("no ids");
    const asBob = callerFor(bob.userId);
    const alicesCategory = await callerFor(alice.userId).categories.create({ name: "Alice only" });
    const bobsCategory = await asBob.categories.create({ name: "Bob's" });
    const before = await editState(alice.userId);
    const bobBefore = await editState(bob.userId);
    const totalsBefore = await storedMonthTotals(kit.handle.db);

    await expectError(asBob.transactionEdits.get({ id: alicesRow }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.update({ id: alicesRow, hidden: true }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.update({ id: bobsRow, categoryId: alicesCategory.id }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.split({ id: alicesRow, parts: [{ categoryId: bobsCategory.id, amount: "10" }, { categoryId: bobsCategory.id, amount: "10" }] }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.unsplit({ id: alicesRow }), "NOT_FOUND");
    await expectError(asBob.categories.rename({ id: alicesCategory.id, name: "Mine now" }), "NOT_FOUND");
    await expectError(asBob.categories.merge({ id: alicesCategory.id, targetId: bobsCategory.id }), "NOT_FOUND");
    await expectError(asBob.categories.delete({ id: bobsCategory.id, reassignTo: alicesCategory.id }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.bulkUpdate({ target: { ids: [bobsRow] }, categoryId: alicesCategory.id }), "NOT_FOUND");
    await expectError(asBob.transactionEdits.dismissNotice({ id: alicesCategory.id }), "NOT_FOUND");
    // A bulk edit naming Alice's id among Bob's own changes only Bob's.
    expect(await asBob.transactionEdits.bulkUpdate({ target: { ids: [alicesRow, bobsRow] }, hidden: true })).toEqual({ updated: 1 });
    expect(await asBob.transactionEdits.bulkUpdate({ target: { ids: [alicesRow] }, hidden: true })).toEqual({ updated: 0 });

    expect(await editState(alice.userId)).toBe(before);
    expect(await editState(bob.userId)).not.toBe(bobBefore);
    expect((await storedMonthTotals(kit.handle.db)).filter((line) => line.startsWith(alice.userId))).toEqual(totalsBefore.filter((line) => line.startsWith(alice.userId)));
  });

  it("rejects bad input with the field's message and changes nothing", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const [row] = await addAndSync(item, [{ amount: 100, name: "Costco" }]);
    if (!row) throw new Error("no id");
    const food = await categoryNamed(item.userId, "Food and drink");
    const home = await categoryNamed(item.userId, "Home improvement");
    await api.categories.create({ name: "Gifts" });
    const before = await editState(item.userId);

    const fieldErrors = async (promise: Promise<unknown>) => {
      const error = await expectError(promise, "BAD_REQUEST");
      // What the form reads from `error.data.zodError` (server/api/trpc.ts's formatter).
      const { fieldErrors: fields } = z.flattenError(error.cause as ZodError);
      return Object.entries(fields).flatMap(([field, messages]) => (messages as string[]).map((message) => `${field}: ${message}`));
    };
    expect(await fieldErrors(api.transactionEdits.split({ id: row, parts: [{ categoryId: food.id, amount: "60.00" }, { categoryId: home.id, amount: "39.99" }] }))).toEqual([
      "parts: The parts add up to 99.99, not 100.00: add 0.01.",
    ]);
    expect((await fieldErrors(api.transactionEdits.split({ id: row, parts: [{ categoryId: food.id, amount: "100" }] })))[0]).toContain("at least two parts");
    expect((await fieldErrors(api.transactionEdits.split({ id: row, parts: [{ categoryId: food.id, amount: "60.001" }, { categoryId: home.id, amount: "40" }] })))[0]).toContain("12.50");
    expect((await fieldErrors(api.categories.create({ name: "  " })))[0]).toContain("Enter a name");
    expect(await fieldErrors(api.categories.create({ name: "gifts" }))).toEqual(["name: You already have a category called “gifts”."]);
    expect((await fieldErrors(api.categories.merge({ id: food.id, targetId: food.id })))[0]).toContain("different category");
    expect((await fieldErrors(api.transactionEdits.update({ id: row, tags: ["a,b"] })))[0]).toContain("comma");
    expect((await fieldErrors(api.transactionEdits.bulkUpdate({ target: { ids: [row] } })))[0]).toContain("Choose something to change");
    expect(await editState(item.userId)).toBe(before);
  });

  it("bulk edits selected rows, or every row matching the filter in one statement, and the totals follow", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const ids = await addAndSync(item, [
      { amount: 11, name: "Uber trip", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" },
      { amount: 12, name: "Uber trip", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" },
      { amount: 13, name: "Uber trip", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" },
      { amount: 14, name: "Lyft ride", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" },
    ]);
    const work = await api.categories.create({ name: "Work travel" });
    const matching = await api.transactions.summary({ filters: { q: "uber trip" } });
    expect(matching.count).toBe(3);

    expect(await api.transactionEdits.bulkUpdate({ target: { filters: { q: "uber trip", sort: "date_desc" } }, categoryId: work.id, addTags: ["expensable"] })).toEqual({ updated: 3 });
    expect(await api.transactions.summary({ filters: { category: work.id } })).toMatchObject({ count: 3, byCurrency: [{ moneyOut: "36" }] });
    await expectTotalsEqualGroupBy();

    expect(await api.transactionEdits.bulkUpdate({ target: { ids: ids.slice(0, 2) }, hidden: true, removeTags: ["expensable"], addTags: ["q3"] })).toEqual({ updated: 2 });
    expect(await api.transactions.summary({ filters: { category: work.id } })).toMatchObject({ count: 1, byCurrency: [{ moneyOut: "13" }] });
    const first = await api.transactionEdits.get({ id: ids[0] ?? "" });
    expect(first).toMatchObject({ hidden: true, tags: ["q3"], categoryName: "Work travel" });
    await expectTotalsEqualGroupBy();
  });

  it("merges and deletes categories with reassignment: transactions, splits and totals move to the target", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const [coffee, beans] = await addAndSync(item, [
      { amount: 5, name: "Cafe", category: "FOOD_AND_DRINK_COFFEE" },
      { amount: 30, name: "Bean shop", category: "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE" },
    ]);
    if (!coffee || !beans) throw new Error("no ids");
    const food = await categoryNamed(item.userId, "Food and drink");
    const coffeeCategory = await api.categories.create({ name: "Coffee" });
    const treats = await api.categories.create({ name: "Treats" });
    await api.transactionEdits.update({ id: beans, categoryId: coffeeCategory.id });
    await api.transactionEdits.split({ id: coffee, parts: [{ categoryId: coffeeCategory.id, amount: "3.50" }, { categoryId: food.id, amount: "1.50" }] });

    const cents = (amount: string | undefined) => Math.round(Number(amount ?? "0") * 100);
    const linesIn = async (categoryId: string) => {
      const summary = await api.transactions.summary({ filters: { category: categoryId } });
      return { count: summary.count, out: cents(summary.byCurrency.find((row) => row.currency === "USD")?.moneyOut) };
    };
    const [foodBefore, coffeeBefore] = [await linesIn(food.id), await linesIn(coffeeCategory.id)];
    // Seeded "Food and drink" merged into "Coffee": Plaid's FOOD_AND_DRINK rows land in Coffee from now on.
    await api.categories.merge({ id: food.id, targetId: coffeeCategory.id });
    expect((await api.categories.list()).map((category) => category.name)).not.toContain("Food and drink");
    expect(await api.transactionEdits.get({ id: coffee })).toMatchObject({ categoryName: "Coffee", parts: [{ categoryId: coffeeCategory.id }, { categoryId: coffeeCategory.id }] });
    const [latte] = await addAndSync(item, [{ amount: 6, name: "Latte", category: "FOOD_AND_DRINK_COFFEE" }]);
    expect(await api.transactionEdits.get({ id: latte ?? "" })).toMatchObject({ categoryName: "Coffee" });
    await expectTotalsEqualGroupBy();

    // A rule naming "Coffee" (matching nothing here, so no row changes) follows it too.
    await kit.handle.db.execute(
      sql`insert into rules (user_id, position, name, conditions, set_category_id) values (${item.userId}, 0, 'Cafés', '[]'::jsonb, ${coffeeCategory.id}::uuid)`,
    );
    // Deleting "Coffee" moves everything (and the forwarding of Plaid's primary) to "Treats".
    await api.categories.delete({ id: coffeeCategory.id, reassignTo: treats.id });
    expect(await queryRows<{ id: string }>(kit.handle.db, sql`select set_category_id::text as id from rules where user_id = ${item.userId}`)).toEqual([{ id: treats.id }]);
    for (const id of [coffee, beans, latte ?? ""]) expect(await api.transactionEdits.get({ id })).toMatchObject({ categoryName: "Treats" });
    // Every line of both categories (the history's food rows, the split's parts) plus the latte, now in Treats.
    expect(await linesIn(treats.id)).toEqual({ count: foodBefore.count + coffeeBefore.count + 1, out: foodBefore.out + coffeeBefore.out + 600 });
    // Old links by Plaid primary still find the transactions, through the forwarding.
    expect((await api.transactions.summary({ filters: { category: "FOOD_AND_DRINK" } })).count).toBe(foodBefore.count + coffeeBefore.count + 1);
    await expectTotalsEqualGroupBy();
  });
});

describe("pending → posted and removals (issue 16)", () => {
  it("moves every edit and the split of a pending transaction to its posted row in the sync, without duplicating anything", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const [dinner, hiddenOne] = await addAndSync(item, [
      { amount: 80, name: "TST* TRATTORIA", pending: true, category: "FOOD_AND_DRINK_RESTAURANT" },
      { amount: 9.99, name: "Reimbursed cab", pending: true, category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES" },
    ]);
    if (!dinner || !hiddenOne) throw new Error("no ids");
    const date = await api.categories.create({ name: "Date night" });
    const food = await api.categories.create({ name: "Dinners out" });
    await api.transactionEdits.update({ id: dinner, displayName: "Trattoria (anniversary)", note: "paid for both", tags: ["anniversary"], categoryId: date.id });
    await api.transactionEdits.split({ id: dinner, parts: [{ categoryId: food.id, amount: "50.00" }, { categoryId: date.id, amount: "30.00" }] });
    await api.transactionEdits.update({ id: hiddenOne, hidden: true });
    await expectTotalsEqualGroupBy();

    // A day passes at the bank: pending purchases post (new ids, tips added), the pending rows go.
    await kit.control(`items/${item.plaidItemId}/advance`, { webhook: false, steps: 3 });
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });

    const posted = await queryRows<{ id: string; pending_id: string; amount: string }>(
      kit.handle.db,
      sql`select plaid_transaction_id as id, pending_transaction_id as pending_id, amount::text as amount from plaid_transactions
        where pending_transaction_id in (${dinner}, ${hiddenOne})`,
    );
    const postedDinner = posted.find((row) => row.pending_id === dinner);
    const postedHidden = posted.find((row) => row.pending_id === hiddenOne);
    if (!postedDinner || !postedHidden) throw new Error("not posted");
    await expectError(api.transactionEdits.get({ id: dinner }), "NOT_FOUND");

    const view = await api.transactionEdits.get({ id: postedDinner.id });
    expect(view).toMatchObject({ pending: false, shownName: "Trattoria (anniversary)", categoryName: "Date night", tags: ["anniversary"] });
    expect(view.manual.note).toBe("paid for both");
    expect(view.parts.map((part) => [part.categoryId, part.amount])).toEqual([
      [food.id, "50.00"],
      [date.id, "30.00"],
    ]);
    expect(await api.transactionEdits.get({ id: postedHidden.id })).toMatchObject({ hidden: true });

    // Exactly one overrides row and one split per transaction, none left on the pending ids.
    const counts = await queryRows<{ overrides: number; parts: number; orphans: number }>(
      kit.handle.db,
      sql`select (select count(*) from transaction_overrides where user_id = ${item.userId})::int as overrides,
        (select count(*) from transaction_splits where user_id = ${item.userId})::int as parts,
        (select count(*) from transaction_overrides where plaid_transaction_id in (${dinner}, ${hiddenOne}))::int as orphans`,
    );
    expect(counts[0]).toEqual({ overrides: 2, parts: 2, orphans: 0 });
    // The tip changed the amount: the parts still count, the tip counts in the transaction's category.
    await expectTotalsEqualGroupBy();
    const entertainment = await api.transactions.summary({ filters: { category: date.id } });
    const tip = Math.round(Number(postedDinner.amount) * 100) - 8000;
    expect(Math.round(Number(entertainment.byCurrency[0]?.moneyOut) * 100)).toBe(3000 + tip);
  });

  it("keeps a split when Plaid modifies the amount (the difference counted in the transaction's category), and leaves a notice when Plaid removes it", async () => {
    const item = await connectedAndSynced();
    const api = callerFor(item.userId);
    const [groceries] = await addAndSync(item, [{ amount: 100, name: "Corner Grocer 7781", category: "FOOD_AND_DRINK_GROCERIES" }]);
    if (!groceries) throw new Error("no id");
    const home = await api.categories.create({ name: "Household" });
    const food = await api.categories.create({ name: "Groceries" });
    await api.transactionEdits.split({ id: groceries, parts: [{ categoryId: food.id, amount: "70" }, { categoryId: home.id, amount: "30" }] });
    expect(await api.transactions.summary({ filters: { category: home.id } })).toMatchObject({ byCurrency: [{ moneyOut: "30.00" }] });
    // The list marks exactly that transaction as split (the flag looks at each row's own parts).
    const listed = await api.transactions.explore({ filters: { sort: "date_desc" }, limit: 100 });
    expect(listed.items.filter((row) => row.split).map((row) => row.id)).toEqual([groceries]);

    await kit.control(`items/${item.plaidItemId}/transactions/modify`, { webhook: false, transaction_id: groceries, amount: 104.5 });
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
    const view = await api.transactionEdits.get({ id: groceries });
    expect(view.parts.map((part) => part.amount)).toEqual(["70.00", "30.00"]);
    expect(view.amount).toBe("104.5");
    // The parts count as typed; the 4.50 nobody split counts in the transaction's own category.
    expect(await api.transactions.summary({ filters: { category: food.id } })).toMatchObject({ byCurrency: [{ moneyOut: "70.00" }] });
    expect(await api.transactions.summary({ filters: { category: "FOOD_AND_DRINK", q: "Corner Grocer 7781" } })).toMatchObject({ count: 1, byCurrency: [{ moneyOut: "4.50" }] });
    await expectTotalsEqualGroupBy();

    await kit.control(`items/${item.plaidItemId}/transactions/remove`, { webhook: false, transaction_ids: [groceries] });
    expect(await syncTransactions(deps(), item.id)).toMatchObject({ status: "synced" });
    const notices = await api.transactionEdits.notices();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toContain("Corner Grocer 7781");
    expect(notices[0]?.message).toContain("split into 2 parts");
    await expectTotalsEqualGroupBy();
    await api.transactionEdits.dismissNotice({ id: notices[0]?.id ?? "" });
    expect(await api.transactionEdits.notices()).toEqual([]);
  });
});
