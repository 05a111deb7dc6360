import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { accountLiabilities, budgets, categories, plaidAccounts, plaidItems, recurringStreams, transactionMonthTotals, users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { createTestDatabase } from "@/test/test-database";

const today = new Date().toISOString().slice(0, 10);
const thisMonth = today.slice(0, 7);
/** YYYY-MM-01 of the month `offset` months from this one. */
const monthStart = (offset: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
};

// budgets.* and forecast.get over stored rows: known month totals, streams and liabilities in,
// exact figures out; another user's ids answer NOT_FOUND and change nothing.
describe("budgets and the cash forecast over tRPC", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  }, 120_000);
  afterAll(() => handle.close(), 60_000);

  /** A user with a bank, a checking account and a card, and categories seeded as Plaid primaries. */
  async function owner() {
    const id = randomUUID();
    await handle.db.insert(users).values({ id, email: `${id}@example.test` });
    const itemId = randomUUID();
    await handle.db.insert(plaidItems).values({ id: itemId, userId: id, plaidItemId: `item-${itemId}`, institutionName: "First Platypus Bank", initialUpdateComplete: true, historicalUpdateComplete: true });
    const [checking, card] = await handle.db
      .insert(plaidAccounts)
      .values([
        { itemId, userId: id, plaidAccountId: `chk-${itemId}`, name: "Plaid Checking", type: "depository", currentBalance: "1500.00", availableBalance: "1200.00", isoCurrencyCode: "USD" },
        { itemId, userId: id, plaidAccountId: `card-${itemId}`, name: "Plaid Credit Card", type: "credit", currentBalance: "410.00", isoCurrencyCode: "USD" },
      ])
      .returning();
    if (!checking || !card) throw new Error("accounts not stored");
    const seeded = await handle.db
      .insert(categories)
      .values(["FOOD_AND_DRINK", "ENTERTAINMENT", "TRANSFER_OUT", "INCOME"].map((primary) => ({ userId: id, name: primary.toLowerCase(), plaidPrimary: primary })))
      .returning();
    const category = (primary: string) => {
      const found = seeded.find((row) => row.plaidPrimary === primary);
      if (!found) throw new Error(`no ${primary}`);
      return found.id;
    };
    const caller = createCaller({ db: handle.db, session: { user: { id, email: `${id}@example.test` }, expires: new Date(Date.now() + 3_600_000).toISOString() }, headers: new Headers() });
    return { id, itemId, checking, card, category, api: caller };
  }

  type Owner = Awaited<ReturnType<typeof owner>>;
  async function monthTotal(o: Owner, fields: { month: string; primary: string; moneyOut: string; moneyIn?: string; pending?: boolean; currency?: string }) {
    await handle.db.insert(transactionMonthTotals).values({
      userId: o.id,
      itemId: o.itemId,
      plaidAccountId: o.checking.plaidAccountId,
      month: fields.month,
      currency: fields.currency ?? "USD",
      categoryPrimary: fields.primary,
      categoryId: o.category(fields.primary),
      pending: fields.pending ?? false,
      count: 1,
      moneyOut: fields.moneyOut,
      moneyIn: fields.moneyIn ?? "0",
    });
  }

  it("shows spent (money out minus refunds), remaining and pace with the bills still due; the total leaves transfers out", async () => {
    const a = await owner();
    await monthTotal(a, { month: monthStart(0), primary: "FOOD_AND_DRINK", moneyOut: "320.40", moneyIn: "20.40" });
    await monthTotal(a, { month: monthStart(0), primary: "FOOD_AND_DRINK", moneyOut: "999", pending: true });
    await monthTotal(a, { month: monthStart(0), primary: "ENTERTAINMENT", moneyOut: "15.49" });
    await monthTotal(a, { month: monthStart(0), primary: "TRANSFER_OUT", moneyOut: "500" });
    await monthTotal(a, { month: monthStart(0), primary: "INCOME", moneyOut: "0", moneyIn: "3200" });
    await monthTotal(a, { month: monthStart(-1), primary: "FOOD_AND_DRINK", moneyOut: "50" });
    await handle.db.insert(recurringStreams).values({
      streamId: `stream-${a.itemId}`,
      itemId: a.itemId,
      userId: a.id,
      plaidAccountId: a.card.plaidAccountId,
      direction: "outflow",
      description: "Netflix",
      categoryPrimary: "ENTERTAINMENT",
      frequency: "MONTHLY",
      predictedNextDate: today,
      averageAmount: "15.49",
      lastAmount: "15.49",
      isoCurrencyCode: "USD",
      isActive: true,
      status: "MATURE",
    });

    await a.api.budgets.set({ categoryId: a.category("FOOD_AND_DRINK"), currency: "USD", amount: "400", rollover: false });
    await a.api.budgets.set({ categoryId: a.category("ENTERTAINMENT"), currency: "USD", amount: "20.00", rollover: false });
    await a.api.budgets.set({ categoryId: null, currency: "USD", amount: "1000" });

    const view = await a.api.budgets.month();
    expect(view.month).toBe(thisMonth);
    expect(view.currencies).toEqual(["USD"]);
    expect(view.budgets.map((b) => [b.categoryName, b.amount, b.spent, b.dueRecurring, b.remaining, b.pace, b.overBy])).toEqual([
      // The total: food 300 + entertainment 15.49; the transfer and the income are not spending.
      [null, "1000.00", "315.49", "15.49", "684.51", "on_track", null],
      ["entertainment", "20.00", "15.49", "15.49", "4.51", "over", "10.98"],
      ["food_and_drink", "400.00", "300.00", "0.00", "100.00", "on_track", null],
    ]);
    expect(view.budgets[2]?.percent).toBe(75);

    // Setting the same category and currency again replaces it: still one budget.
    await a.api.budgets.set({ categoryId: a.category("FOOD_AND_DRINK"), currency: "USD", amount: "250.50" });
    const again = await a.api.budgets.month();
    expect(again.budgets.filter((b) => b.categoryName === "food_and_drink").map((b) => [b.amount, b.remaining, b.pace, b.overBy])).toEqual([["250.50", "-49.50", "over", "49.50"]]);
    // A past month: nothing is still due, and that month's own spending counts.
    const last = await a.api.budgets.month({ month: monthStart(-1).slice(0, 7) });
    expect(last.budgets.map((b) => [b.categoryName, b.spent, b.dueRecurring])).toEqual([
      [null, "50.00", "0.00"],
      ["entertainment", "0.00", "0.00"],
      ["food_and_drink", "50.00", "0.00"],
    ]);
  });

  it("rolls unspent money over from the month the budget was created, when asked, and overspending empties the carry", async () => {
    const a = await owner();
    await monthTotal(a, { month: monthStart(-4), primary: "FOOD_AND_DRINK", moneyOut: "10" });
    await monthTotal(a, { month: monthStart(-3), primary: "FOOD_AND_DRINK", moneyOut: "60" });
    await monthTotal(a, { month: monthStart(-2), primary: "FOOD_AND_DRINK", moneyOut: "180" });
    await monthTotal(a, { month: monthStart(-1), primary: "FOOD_AND_DRINK", moneyOut: "70", moneyIn: "5" });
    const { id } = await a.api.budgets.set({ categoryId: a.category("FOOD_AND_DRINK"), currency: "USD", amount: "100", rollover: true });
    // Created three months ago: the month before it (spent 10) is not looked at.
    await handle.db.update(budgets).set({ createdAt: new Date(`${monthStart(-3)}T12:00:00Z`) }).where(eq(budgets.id, id));

    // −3: 100 − 60 = 40 left; −2: 140 − 180 → 0 (not −40); −1: 100 − 65 = 35.
    const [budget] = (await a.api.budgets.month()).budgets;
    expect([budget?.rolledOver, budget?.available, budget?.spent]).toEqual(["35.00", "135.00", "0.00"]);

    await a.api.budgets.update({ budgetId: id, rollover: false });
    expect((await a.api.budgets.month()).budgets.map((b) => [b.rolledOver, b.available])).toEqual([["0.00", "100.00"]]);
  });

  it("answers another user's category and budget ids with NOT_FOUND and changes nothing", async () => {
    const a = await owner();
    const b = await owner();
    const { id } = await a.api.budgets.set({ categoryId: a.category("FOOD_AND_DRINK"), currency: "USD", amount: "400" });
    const before = await handle.db.select().from(budgets).where(eq(budgets.userId, a.id));

    await expect(b.api.budgets.set({ categoryId: a.category("FOOD_AND_DRINK"), currency: "USD", amount: "1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.api.budgets.update({ budgetId: id, amount: "1" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.api.budgets.delete({ budgetId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.api.budgets.delete({ budgetId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await b.api.budgets.month()).budgets).toEqual([]);
    expect(await handle.db.select().from(budgets).where(eq(budgets.userId, a.id))).toEqual(before);
    expect(await handle.db.select().from(budgets).where(eq(budgets.userId, b.id))).toEqual([]);

    await a.api.budgets.delete({ budgetId: id });
    expect((await a.api.budgets.month()).budgets).toEqual([]);
  });

  it("refuses a bad amount, currency or month with a field error and writes nothing", async () => {
    const a = await owner();
    const food = a.category("FOOD_AND_DRINK");
    const fieldOf = async (promise: Promise<unknown>) => {
      const error = (await promise.then(
        () => null,
        (caught: unknown) => caught,
      )) as { code?: string; cause?: { issues?: { path: PropertyKey[]; message: string }[] } } | null;
      expect(error?.code).toBe("BAD_REQUEST");
      return error?.cause?.issues?.map((issue) => [issue.path.join("."), issue.message]);
    };
    expect(await fieldOf(a.api.budgets.set({ categoryId: food, currency: "USD", amount: "12.345" }))).toEqual([["amount", "Enter an amount like 250 or 250.00, with at most 2 decimal places."]]);
    expect(await fieldOf(a.api.budgets.set({ categoryId: food, currency: "USD", amount: "-5" }))).toEqual([["amount", "Enter an amount like 250 or 250.00, with at most 2 decimal places."]]);
    expect(await fieldOf(a.api.budgets.set({ categoryId: food, currency: "USD", amount: "0.00" }))).toEqual([["amount", "The amount must be more than 0."]]);
    expect(await fieldOf(a.api.budgets.set({ categoryId: food, currency: "usd", amount: "5" }))).toEqual([["currency", "Pick a currency (a 3-letter code such as USD)."]]);
    expect(await fieldOf(a.api.budgets.month({ month: "2026-13" }))).toEqual([["month", "A month looks like 2026-01."]]);
    expect(await fieldOf(a.api.forecast.get({ days: 45 as 30 }))).toHaveLength(1);
    expect(await handle.db.select().from(budgets).where(eq(budgets.userId, a.id))).toEqual([]);
  });

  it("projects the user's own cash only: available balance, card minimum payment on its due date, the lowest point", async () => {
    const a = await owner();
    const b = await owner();
    const due = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    await handle.db.insert(accountLiabilities).values({ accountId: a.card.id, itemId: a.itemId, userId: a.id, kind: "credit", minimumPayment: "35.00", nextPaymentDueDate: due });

    const forecast = await a.api.forecast.get({ days: 30 });
    expect(forecast.currencies.map((c) => [c.currency, c.startingBalance, c.accounts])).toEqual([["USD", "1200.00", 1]]);
    expect(forecast.currencies[0]?.events.map((e) => [e.date, e.description, e.amount, e.kind])).toEqual([[due, "Plaid Credit Card", "-35.00", "card_payment"]]);
    expect(forecast.currencies[0]?.lowest.balance).toBe("1165.00");
    expect(forecast.currencies[0]?.points).toHaveLength(31);
    expect((await a.api.forecast.get({ days: 90 })).currencies[0]?.events.length).toBeGreaterThanOrEqual(3);

    // Streams: income and bills paid from checking count; a subscription on the card reaches cash
    // through the card's minimum payment; a card-payment stream would count that payment twice; a
    // stopped stream is no plan.
    const next = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const base = { itemId: a.itemId, userId: a.id, frequency: "MONTHLY", predictedNextDate: next, isoCurrencyCode: "USD", isActive: true, status: "MATURE" };
    await handle.db.insert(recurringStreams).values([
      { ...base, streamId: `pay-${a.itemId}`, plaidAccountId: a.checking.plaidAccountId, direction: "inflow", description: "Payroll", averageAmount: "-2000", lastAmount: "-2000" },
      { ...base, streamId: `rent-${a.itemId}`, plaidAccountId: a.checking.plaidAccountId, direction: "outflow", description: "Rent", averageAmount: "1500.5", lastAmount: "1500.5" },
      { ...base, streamId: `netflix-${a.itemId}`, plaidAccountId: a.card.plaidAccountId, direction: "outflow", description: "Netflix", averageAmount: "15.49", lastAmount: "15.49" },
      { ...base, streamId: `cardpay-${a.itemId}`, plaidAccountId: a.checking.plaidAccountId, direction: "outflow", description: "Card payment", categoryPrimary: "LOAN_PAYMENTS", averageAmount: "400", lastAmount: "400" },
      { ...base, streamId: `gym-${a.itemId}`, plaidAccountId: a.checking.plaidAccountId, direction: "outflow", description: "Old gym", averageAmount: "40", lastAmount: "40", isActive: false, status: "TOMBSTONED" },
    ]);
    const withStreams = (await a.api.forecast.get({ days: 30 })).currencies[0];
    expect(withStreams?.events.filter((e) => e.date === next).map((e) => [e.description, e.amount, e.kind])).toEqual([
      ["Payroll", "2000.00", "income"],
      ["Rent", "-1500.50", "bill"],
    ]);

    // B's own forecast has B's balance and none of A's payments.
    const theirs = await b.api.forecast.get();
    expect(theirs.currencies.map((c) => [c.startingBalance, c.events.length])).toEqual([["1200.00", 0]]);
  });
});
