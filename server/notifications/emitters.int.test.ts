import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { accountLiabilities, notifications, plaidAccounts, plaidItems, plaidTransactions, recurringStreams, users } from "@/db/schema";
import { createTestDatabase } from "@/test/test-database";
import { notifyItemHealth } from "./item-health-notifications";
import { notifyLargeTransactions } from "./large-transactions";
import { scanDueNotifications } from "./scan-due-notifications";

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe("what notifies", { timeout: 60_000 }, () => {
  let handle: DatabaseHandle;
  let n = 0;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  async function userWithItem(item: Partial<typeof plaidItems.$inferInsert> = {}) {
    n += 1;
    const [user] = await handle.db.insert(users).values({ email: `emit-${n}@example.com` }).returning({ id: users.id });
    if (!user) throw new Error("no user");
    const [row] = await handle.db
      .insert(plaidItems)
      .values({ userId: user.id, plaidItemId: `item-${n}`, institutionName: "First Platypus Bank", accessTokenCiphertext: "v1.x.y.z", historicalUpdateComplete: true, ...item })
      .returning({ id: plaidItems.id });
    if (!row) throw new Error("no item");
    const [account] = await handle.db
      .insert(plaidAccounts)
      .values({ itemId: row.id, userId: user.id, plaidAccountId: `acct-${n}`, name: "Plaid Checking", mask: "0000", type: "depository", subtype: "checking" })
      .returning({ id: plaidAccounts.id });
    if (!account) throw new Error("no account");
    return { userId: user.id, itemId: row.id, accountId: account.id, plaidAccountId: `acct-${n}` };
  }
  const titles = async (userId: string) =>
    (await handle.db.select({ title: notifications.title, kind: notifications.kind }).from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.id)).map(
      (row) => `${row.kind}: ${row.title}`,
    );

  it("an item that needs sign-in, has consent expiring, or a disconnect pending notifies once per event, with the date", async () => {
    const { userId, itemId } = await userWithItem();
    await handle.db.update(plaidItems).set({ status: "login_required" }).where(eq(plaidItems.id, itemId));
    await notifyItemHealth(handle.db, itemId);
    await notifyItemHealth(handle.db, itemId);
    await handle.db
      .update(plaidItems)
      .set({ status: "pending_expiration", consentExpiresAt: new Date("2027-01-05T12:00:00Z"), pendingDisconnectAt: new Date("2027-01-09T00:00:00Z"), newAccountsAvailable: true })
      .where(eq(plaidItems.id, itemId));
    await notifyItemHealth(handle.db, itemId);
    await notifyItemHealth(handle.db, itemId);
    expect(await titles(userId)).toEqual([
      "reconnect_needed: Reconnect First Platypus Bank",
      "reconnect_needed: First Platypus Bank access expires on January 5, 2027",
      "reconnect_needed: First Platypus Bank will disconnect on January 9, 2027",
      "new_accounts: New accounts at First Platypus Bank",
    ]);
  });

  it("an unusually large payment notifies once; the usual rent, a small one, a pending one and one before the full history do not", async () => {
    const { userId, itemId, plaidAccountId } = await userWithItem();
    const tx = (id: string, amount: string, date: string, name: string, pending = false) => ({
      plaidTransactionId: `${itemId}-${id}`,
      itemId,
      userId,
      plaidAccountId,
      amount,
      date,
      name,
      pending,
    });
    const history = Array.from({ length: 20 }, (_, i) => tx(`h${i}`, `${20 + i}.50`, day(-10 - i * 3), `Corner Shop ${i}`));
    const rents = [40, 70].map((ago) => tx(`rent${ago}`, "1500.00", day(-ago), "Greenfield Property Management"));
    await handle.db.insert(plaidTransactions).values([
      ...history,
      ...rents,
      tx("rent-now", "1500.00", day(-1), "Greenfield Property Management"),
      tx("big", "900.00", day(-1), "Hilltop Motors"),
      tx("small", "200.00", day(-1), "Cafe Large Order"),
      tx("pending", "2000.00", day(0), "Pending Jewellers", true),
    ]);
    expect(await notifyLargeTransactions(handle.db, itemId)).toBe(1);
    expect(await notifyLargeTransactions(handle.db, itemId)).toBe(0);
    expect(await titles(userId)).toEqual(["large_transaction: Unusually large payment to Hilltop Motors"]);
    const [row] = await handle.db.select({ body: notifications.body }).from(notifications).where(eq(notifications.userId, userId));
    // No amount and no account number in the text.
    expect(row?.body).not.toMatch(/\d{3}|\$|0000/);

    const early = await userWithItem({ historicalUpdateComplete: false });
    await handle.db.insert(plaidTransactions).values([
      ...history.map((h) => ({ ...h, plaidTransactionId: `${h.plaidTransactionId}-e`, itemId: early.itemId, userId: early.userId, plaidAccountId: early.plaidAccountId })),
      { ...tx("big", "900.00", day(-1), "Hilltop Motors"), plaidTransactionId: "early-big", itemId: early.itemId, userId: early.userId, plaidAccountId: early.plaidAccountId },
    ]);
    expect(await notifyLargeTransactions(handle.db, early.itemId)).toBe(0);
  });

  it("the scan tells of a bill due within 3 days, an overdue card and a connection failing for a day, once each", async () => {
    const { userId, itemId, plaidAccountId } = await userWithItem();
    await handle.db.insert(recurringStreams).values({
      streamId: `stream-${itemId}`,
      itemId,
      userId,
      plaidAccountId,
      direction: "outflow",
      description: "NETFLIX",
      merchantName: "Netflix",
      frequency: "MONTHLY",
      predictedNextDate: day(2),
      averageAmount: "15.99",
      lastAmount: "15.99",
      isoCurrencyCode: "USD",
      isActive: true,
      status: "MATURE",
    });
    const [card] = await handle.db
      .insert(plaidAccounts)
      .values({ itemId, userId, plaidAccountId: `${plaidAccountId}-card`, name: "Plaid Credit Card", mask: "3333", type: "credit", subtype: "credit card" })
      .returning({ id: plaidAccounts.id });
    if (!card) throw new Error("no card");
    await handle.db.insert(accountLiabilities).values({ accountId: card.id, itemId, userId, kind: "credit", minimumPayment: "20", nextPaymentDueDate: day(-3), isOverdue: true });
    await handle.db
      .update(plaidItems)
      .set({ syncState: "failed", lastSyncedAt: sql`now() - interval '30 hours'` })
      .where(eq(plaidItems.id, itemId));

    const first = await scanDueNotifications(handle.db);
    expect(first).toMatchObject({ billDue: 1, overdue: 1 });
    expect(first.syncFailing).toBeGreaterThanOrEqual(1);
    expect(await scanDueNotifications(handle.db)).toEqual({ billDue: 0, overdue: 0, lowBalance: 0, syncFailing: 0 });
    const written = await titles(userId);
    expect(written).toContain(`bill_due: Netflix due ${new Intl.DateTimeFormat("en-US", { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${day(2)}T00:00:00Z`))}`);
    expect(written).toContain("payment_overdue: Plaid Credit Card payment is overdue");
    expect(written).toContain("sync_failing: First Platypus Bank has not updated for over a day");
  });

  it("the scan tells when the cash forecast falls below zero within 30 days, when but not how much, once a week", async () => {
    const { userId, itemId, plaidAccountId } = await userWithItem();
    await handle.db.update(plaidAccounts).set({ currentBalance: "100.00", availableBalance: "100.00", isoCurrencyCode: "USD" }).where(eq(plaidAccounts.plaidAccountId, plaidAccountId));
    await handle.db.insert(recurringStreams).values({
      streamId: `rent-${itemId}`,
      itemId,
      userId,
      plaidAccountId,
      direction: "outflow",
      description: "Rent",
      merchantName: "Greenfield Property Management",
      frequency: "MONTHLY",
      predictedNextDate: day(5),
      averageAmount: "1500.00",
      lastAmount: "1500.00",
      isoCurrencyCode: "USD",
      isActive: true,
      status: "MATURE",
    });
    const summary = await scanDueNotifications(handle.db);
    expect(summary.lowBalance).toBe(1);
    expect((await scanDueNotifications(handle.db)).lowBalance).toBe(0);
    const [row] = await handle.db.select().from(notifications).where(eq(notifications.kind, "low_balance"));
    expect(row).toMatchObject({ userId, linkPath: "/forecast" });
    expect(row?.title).toMatch(/^Your USD cash may run out around [A-Z][a-z]{2} \d{1,2}$/);
    expect(`${row?.title} ${row?.body}`).not.toMatch(/1,?500|100\.00|\$/);
  });
});
