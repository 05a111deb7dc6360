import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Products, type PlaidApi, type TransactionStream } from "plaid";
import { type RunningEmulator } from "./server";
import { addDays, isoDate } from "./generate/dates";
import { connectItem, eventually, getJson, plaidClient, plaidError, postJson, startReceiver, startTestEmulator, webhookBodies } from "./testing/helpers";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

// `/transactions/recurring/get`: streams from the recurring activity the emulator generates.
describe("/transactions/recurring/get", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
  const control = (path: string, body: unknown) => postJson(`${emulator.url}/__emulator/${path}`, body);

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: "recurring" });
    plaid = plaidClient(emulator.url);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  const byMerchant = (streams: TransactionStream[], name: string): TransactionStream => {
    const stream = streams.find((candidate) => candidate.merchant_name === name);
    if (stream === undefined) throw new Error(`no stream for ${name}: ${streams.map((s) => s.merchant_name).join(", ")}`);
    return stream;
  };

  it("answers payroll as a biweekly inflow and rent, subscriptions, bills and the loan payment as monthly outflows", async () => {
    const { accessToken, itemId } = await connectItem(plaid);
    const { data } = await plaid.transactionsRecurringGet({ access_token: accessToken });
    const accounts = (await getJson(`${emulator.url}/__emulator/items/${itemId}`)).accounts as { account_id: string; name: string }[];
    const accountId = (name: string) => accounts.find((account) => account.name === name)?.account_id;

    expect(data.inflow_streams.map((stream) => stream.merchant_name)).toEqual(["Acme Corp"]);
    const payroll = byMerchant(data.inflow_streams, "Acme Corp");
    expect(payroll).toMatchObject({ frequency: "BIWEEKLY", status: "MATURE", is_active: true, account_id: accountId("Plaid Checking"), is_user_modified: false });
    expect(payroll.average_amount.amount).toBeLessThan(0);
    expect(payroll.predicted_next_date).toBe(addDays(payroll.last_date, 14));
    expect(payroll.personal_finance_category).toMatchObject({ primary: "INCOME", detailed: "INCOME_WAGES" });

    expect(data.outflow_streams.map((stream) => stream.merchant_name).sort()).toEqual(
      ["Comcast", "Greenfield Property Management", "Netflix", "Pacific Gas and Electric", "Platypus Student Loans", "Spotify"].sort(),
    );
    for (const stream of data.outflow_streams) {
      expect(stream.frequency).toBe("MONTHLY");
      // 90 days hold two or three payments of a monthly bill, depending on today's date; Plaid calls
      // a stream MATURE from three.
      expect(stream.transaction_ids.length).toBeGreaterThanOrEqual(2);
      expect(stream.status).toBe(stream.transaction_ids.length >= 3 ? "MATURE" : "EARLY_DETECTION");
      expect(stream.is_active).toBe(true);
      expect(stream.average_amount.amount).toBeGreaterThan(0);
      expect(stream.first_date < stream.last_date).toBe(true);
    }
    const netflix = byMerchant(data.outflow_streams, "Netflix");
    expect(netflix).toMatchObject({ account_id: accountId("Plaid Credit Card"), description: "Netflix.com", last_amount: { amount: 15.49, iso_currency_code: "USD" } });
    expect(netflix.predicted_next_date?.slice(8)).toBe("05");
    expect(byMerchant(data.outflow_streams, "Comcast").average_amount.amount).toBe(79.99);

    // transaction_ids are the stream's rows, oldest first, exactly as /transactions/sync has them.
    const rows = (await getJson(`${emulator.url}/__emulator/items/${itemId}/transactions`)).transactions as { transaction_id: string; merchant_name: string | null; date: string; account_id: string }[];
    const rent = byMerchant(data.outflow_streams, "Greenfield Property Management");
    const rentRows = rows.filter((row) => row.merchant_name === "Greenfield Property Management").sort((a, b) => a.date.localeCompare(b.date));
    expect(rent.transaction_ids).toEqual(rentRows.map((row) => row.transaction_id));
    expect(Date.parse(data.updated_datetime)).not.toBeNaN();
  });

  it("filters by account_ids and refuses ids that are not the item's with INVALID_ACCOUNT_ID", async () => {
    const { accessToken, itemId } = await connectItem(plaid);
    const accounts = (await getJson(`${emulator.url}/__emulator/items/${itemId}`)).accounts as { account_id: string; name: string }[];
    const card = accounts.find((account) => account.name === "Plaid Credit Card")?.account_id ?? "";
    const { data } = await plaid.transactionsRecurringGet({ access_token: accessToken, account_ids: [card] });
    expect(data.inflow_streams).toEqual([]);
    expect(data.outflow_streams.map((stream) => stream.merchant_name).sort()).toEqual(["Netflix", "Spotify"]);
    const wrong = await plaidError(plaid.transactionsRecurringGet({ access_token: accessToken, account_ids: ["nope"] }));
    expect(wrong.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "INVALID_ACCOUNT_ID" });
  });

  it("refuses an item without transactions consent with ADDITIONAL_CONSENT_REQUIRED", async () => {
    const { accessToken } = await connectItem(plaid, { products: [Products.Liabilities] });
    const failure = await plaidError(plaid.transactionsRecurringGet({ access_token: accessToken }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "ADDITIONAL_CONSENT_REQUIRED" });
  });

  it("fires RECURRING_TRANSACTIONS_UPDATE naming the account when a stream changes, and not for other changes", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { webhook: hook.url });
    await hook.waitFor(1);
    // Before the first /transactions/recurring/get nothing is announced.
    await control(`items/${itemId}/transactions/add`, { transactions: [{ recurring: "rent", amount: 1500, date: isoDate(Date.now()) }] });
    const before = await plaid.transactionsRecurringGet({ access_token: accessToken });
    const rentBefore = byMerchant(before.data.outflow_streams, "Greenfield Property Management");

    await control(`items/${itemId}/transactions/add`, { transactions: [{ amount: 4.5, name: "Corner Deli" }] });
    await control(`items/${itemId}/transactions/add`, { transactions: [{ recurring: "rent", amount: 1600, date: addDays(isoDate(Date.now()), 1) }] });
    await eventually(() => webhookBodies(hook.received, "RECURRING_TRANSACTIONS_UPDATE").length > 0, "RECURRING_TRANSACTIONS_UPDATE");
    await new Promise((resolve) => setTimeout(resolve, 30));
    const updates = webhookBodies(hook.received, "RECURRING_TRANSACTIONS_UPDATE");
    expect(updates).toHaveLength(1);
    expect(updates[0]).toMatchObject({ webhook_type: "TRANSACTIONS", item_id: itemId, account_ids: [rentBefore.account_id], environment: "sandbox" });

    const after = await plaid.transactionsRecurringGet({ access_token: accessToken });
    const rentAfter = byMerchant(after.data.outflow_streams, "Greenfield Property Management");
    expect(rentAfter.stream_id).toBe(rentBefore.stream_id);
    expect(rentAfter.last_amount.amount).toBe(1600);
    expect(rentAfter.transaction_ids).toHaveLength(rentBefore.transaction_ids.length + 1);
    expect(Date.parse(after.data.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(before.data.updated_datetime));
  });

  it("marks a new stream EARLY_DETECTION, and TOMBSTONED once its next payment is long overdue", async () => {
    const { accessToken, itemId } = await connectItem(plaid);
    const today = isoDate(Date.now());
    const checking = ((await getJson(`${emulator.url}/__emulator/items/${itemId}`)).accounts as { account_id: string; name: string }[]).find((a) => a.name === "Plaid Checking")?.account_id;
    // Netflix starts being paid from checking too: two payments a month apart.
    await control(`items/${itemId}/transactions/add`, {
      transactions: [
        { recurring: "netflix", amount: 22.99, account_id: checking, date: addDays(today, -40) },
        { recurring: "netflix", amount: 22.99, account_id: checking, date: addDays(today, -10) },
      ],
    });
    const early = byMerchant(
      (await plaid.transactionsRecurringGet({ access_token: accessToken, account_ids: [checking ?? ""] })).data.outflow_streams,
      "Netflix",
    );
    expect(early).toMatchObject({ status: "EARLY_DETECTION", is_active: true, frequency: "MONTHLY" });
    await control("clock/advance", { ms: 45 * 86_400_000 });
    const later = byMerchant(
      (await plaid.transactionsRecurringGet({ access_token: accessToken, account_ids: [checking ?? ""] })).data.outflow_streams,
      "Netflix",
    );
    expect(later).toMatchObject({ status: "TOMBSTONED", is_active: false });
  });
});
