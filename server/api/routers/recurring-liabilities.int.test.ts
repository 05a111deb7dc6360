import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountLiabilities, plaidAccounts, plaidItemProducts, plaidItems, recurringStreams } from "@/db/schema";
import { createPlaidHarness, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// The read procedures over stored streams and liabilities: known rows in, exact answers out.
describe("recurring.list, liabilities.* and upcoming.list", { timeout: 60_000 }, () => {
  let h: PlaidHarness;

  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  /** A user with one stored item, a checking account and a credit card (no Plaid involved). */
  async function userWithItem(institutionName = "First Platypus Bank") {
    const user = await h.createUser();
    const itemId = randomUUID();
    await h.handle.db.insert(plaidItems).values({
      id: itemId,
      userId: user.id,
      plaidItemId: `item-${itemId}`,
      institutionName,
      accessTokenCiphertext: "v1.x.y.z",
      accessTokenKeyId: "x",
      initialUpdateComplete: true,
      historicalUpdateComplete: true,
    });
    const [checking, card] = await h.handle.db
      .insert(plaidAccounts)
      .values([
        { itemId, userId: user.id, plaidAccountId: `chk-${itemId}`, name: "Plaid Checking", type: "depository", subtype: "checking", isoCurrencyCode: "USD" },
        { itemId, userId: user.id, plaidAccountId: `card-${itemId}`, name: "Plaid Credit Card", type: "credit", subtype: "credit card", isoCurrencyCode: "USD" },
      ])
      .returning();
    if (!checking || !card) throw new Error("accounts not stored");
    return { user, api: h.caller(user), itemId, checking, card };
  }

  let seq = 0;
  function stream(owner: { user: { id: string }; itemId: string; checking: { plaidAccountId: string } }, fields: Partial<typeof recurringStreams.$inferInsert>) {
    seq += 1;
    return {
      streamId: `stream-${seq}-${owner.itemId}`,
      itemId: owner.itemId,
      userId: owner.user.id,
      plaidAccountId: owner.checking.plaidAccountId,
      direction: "outflow" as const,
      description: `Stream ${seq}`,
      frequency: "MONTHLY",
      averageAmount: "10",
      lastAmount: "10",
      isoCurrencyCode: "USD",
      isActive: true,
      status: "MATURE",
      ...fields,
    };
  }

  it("lists active outflows and inflows, stopped streams apart, and a monthly total per currency from each frequency", async () => {
    const a = await userWithItem();
    await h.handle.db.insert(recurringStreams).values([
      stream(a, { description: "Cleaner", frequency: "WEEKLY", averageAmount: "10", predictedNextDate: day(3) }),
      stream(a, { description: "Daycare", frequency: "BIWEEKLY", averageAmount: "100", predictedNextDate: day(1) }),
      stream(a, { description: "Rent", frequency: "SEMI_MONTHLY", averageAmount: "50", predictedNextDate: day(5) }),
      stream(a, { description: "Netflix", frequency: "MONTHLY", averageAmount: "15.49", predictedNextDate: day(2) }),
      stream(a, { description: "Insurance", frequency: "ANNUALLY", averageAmount: "120", predictedNextDate: day(40) }),
      stream(a, { description: "Mystery", frequency: "UNKNOWN", averageAmount: "999" }),
      stream(a, { description: "Old gym", frequency: "MONTHLY", averageAmount: "40", isActive: false, status: "TOMBSTONED" }),
      stream(a, { description: "Maple Hydro", frequency: "MONTHLY", averageAmount: "60", isoCurrencyCode: "CAD", predictedNextDate: day(4) }),
      stream(a, { description: "Payroll", direction: "inflow", frequency: "BIWEEKLY", averageAmount: "-2500", lastAmount: "-2500", predictedNextDate: day(6) }),
    ]);

    const list = await a.api.recurring.list();
    expect(list.outflows.map((s) => s.description)).toEqual(["Daycare", "Netflix", "Cleaner", "Maple Hydro", "Rent", "Insurance", "Mystery"]);
    expect(list.inflows.map((s) => [s.description, s.averageAmount, s.monthlyAmount])).toEqual([["Payroll", "2500", "5416.67"]]);
    expect(list.tombstoned.map((s) => s.description)).toEqual(["Old gym"]);
    // 10×52/12 + 100×26/12 + 50×2 + 15.49 + 120/12 (UNKNOWN counts 0), summed before rounding.
    expect(list.monthlyOutflowTotal).toEqual([
      { currency: "CAD", amount: "60.00" },
      { currency: "USD", amount: "385.49" },
    ]);
    expect(list.outflows.find((s) => s.description === "Netflix")).toMatchObject({ accountId: a.checking.id, accountName: "Plaid Checking", institutionName: "First Platypus Bank", currency: "USD" });
    expect(list.unavailable).toEqual([]);
    expect(list.pendingHistory).toEqual([{ itemId: a.itemId, institutionName: "First Platypus Bank" }]);
  });

  it("says which connections cannot give recurring streams, and why", async () => {
    const a = await userWithItem("Maple Platypus Trust");
    const reason = "This bank does not share this information through Plaid.";
    await h.handle.db.insert(plaidItemProducts).values({ itemId: a.itemId, userId: a.user.id, product: "recurring", unavailableCode: "PRODUCTS_NOT_SUPPORTED", unavailableReason: reason });
    expect(await a.api.recurring.list()).toMatchObject({ unavailable: [{ itemId: a.itemId, institutionName: "Maple Platypus Trust", reason }], pendingHistory: [] });
  });

  it("merges recurring bills and liability due dates inside the window, soonest first", async () => {
    const a = await userWithItem();
    await h.handle.db.insert(recurringStreams).values([
      stream(a, { description: "Netflix", merchantName: "Netflix", averageAmount: "15.49", predictedNextDate: day(2) }),
      stream(a, { description: "Rent", averageAmount: "2700", predictedNextDate: day(0) }),
      stream(a, { description: "Far away", averageAmount: "5", predictedNextDate: day(20) }),
      stream(a, { description: "Yesterday", averageAmount: "5", predictedNextDate: day(-1) }),
      stream(a, { description: "Payroll", direction: "inflow", averageAmount: "-2500", predictedNextDate: day(1) }),
      stream(a, { description: "Stopped", averageAmount: "9", predictedNextDate: day(1), isActive: false, status: "TOMBSTONED" }),
    ]);
    await h.handle.db
      .insert(accountLiabilities)
      .values({ accountId: a.card.id, itemId: a.itemId, userId: a.user.id, kind: "credit", minimumPayment: "35", nextPaymentDueDate: day(5), isOverdue: false, aprs: [] });

    const upcoming = await a.api.upcoming.list({ days: 7 });
    expect(upcoming.map((p) => [p.date, p.source, p.description, p.amount, p.currency, p.detail])).toEqual([
      [day(0), "recurring", "Rent", "2700", "USD", "MONTHLY"],
      [day(2), "recurring", "Netflix", "15.49", "USD", "MONTHLY"],
      [day(5), "liability", "Plaid Credit Card", "35", "USD", "credit"],
    ]);
    expect((await a.api.upcoming.list({ days: 30 })).map((p) => p.description)).toContain("Far away");
    expect((await a.api.upcoming.list()).length).toBe(3);
    await expect(a.api.upcoming.list({ days: 61 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("answers an account's liability, NOT_FOUND for another user's account, and overdue ones for the banner", async () => {
    const a = await userWithItem();
    await h.handle.db.insert(accountLiabilities).values({
      accountId: a.card.id,
      itemId: a.itemId,
      userId: a.user.id,
      kind: "credit",
      aprs: [{ type: "purchase_apr", percentage: "12.5", balanceSubjectToApr: "410.25", interestChargeAmount: "4.27" }],
      minimumPayment: "35",
      nextPaymentDueDate: day(-2),
      lastStatementBalance: "410.25",
      lastStatementDate: day(-30),
      isOverdue: true,
    });
    expect(await a.api.liabilities.forAccount({ accountId: a.card.id })).toMatchObject({
      accountId: a.card.id,
      liability: { kind: "credit", minimumPayment: "35", isOverdue: true, currency: "USD", aprs: [{ type: "purchase_apr", percentage: "12.5" }] },
      unavailableReason: null,
    });
    expect(await a.api.liabilities.forAccount({ accountId: a.checking.id })).toEqual({ accountId: a.checking.id, liability: null, unavailableReason: null });
    expect(await a.api.liabilities.overdue()).toEqual([
      { accountId: a.card.id, accountName: "Plaid Credit Card", mask: null, itemId: a.itemId, institutionName: "First Platypus Bank", kind: "credit", minimumPayment: "35", nextPaymentDueDate: day(-2), currency: "USD" },
    ]);

    const b = await userWithItem();
    await expect(b.api.liabilities.forAccount({ accountId: a.card.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.api.liabilities.forAccount({ accountId: randomUUID() })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("never shows one user's streams, liabilities or payments to another through any procedure", async () => {
    const a = await userWithItem();
    await h.handle.db.insert(recurringStreams).values([stream(a, { description: "A's rent", predictedNextDate: day(1) })]);
    await h.handle.db.insert(accountLiabilities).values({ accountId: a.card.id, itemId: a.itemId, userId: a.user.id, kind: "credit", minimumPayment: "35", nextPaymentDueDate: day(1), isOverdue: true });
    await h.handle.db.insert(plaidItemProducts).values({ itemId: a.itemId, userId: a.user.id, product: "liabilities", unavailableCode: "X", unavailableReason: "A's reason" });
    const b = await userWithItem();

    const answers = JSON.stringify([await b.api.recurring.list(), await b.api.liabilities.overdue(), await b.api.upcoming.list({ days: 60 })]);
    for (const marker of [a.itemId, a.card.id, a.checking.id, a.user.id, "A's rent", "A's reason"]) expect(answers).not.toContain(marker);
    expect(await b.api.upcoming.list({ days: 60 })).toEqual([]);
    expect(await b.api.liabilities.overdue()).toEqual([]);
    expect(await b.api.recurring.list()).toMatchObject({ outflows: [], inflows: [], tombstoned: [], monthlyOutflowTotal: [], unavailable: [] });
  });

  it("leaves out a disconnected bank's predictions (removed at Plaid, data kept)", async () => {
    const a = await userWithItem();
    await h.handle.db.insert(recurringStreams).values([stream(a, { description: "Rent", predictedNextDate: day(1) })]);
    await a.api.items.remove({ itemId: a.itemId, keepData: true }).catch(() => undefined);
    expect(await a.api.upcoming.list()).toEqual([]);
    expect((await a.api.recurring.list()).outflows).toEqual([]);
  });
});
