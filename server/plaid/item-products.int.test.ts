import { eq } from "drizzle-orm";
import { Products } from "plaid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountLiabilities, plaidAccounts, plaidItemProducts, plaidItems, recurringStreams } from "@/db/schema";
import { createJobHandlers } from "@/server/jobs/job-handlers";
import { RetryableJobError } from "@/server/jobs/job-errors";
import type { ClaimedJob } from "@/server/jobs/claimed-job";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { fetchLiabilities } from "./liabilities/fetch-liabilities";
import { fetchRecurringStreams } from "./recurring/fetch-recurring-streams";

const MAPLE_PLATYPUS = { id: "ins_200001", name: "Maple Platypus Trust" };

// Recurring streams and liabilities from the emulator over HTTP into the database, as the jobs run them.
describe("recurring streams and liabilities from Plaid", { timeout: 60_000 }, () => {
  let h: PlaidHarness;

  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);

  /** A user with one item, connected through plaid.exchangePublicToken like the app does. */
  async function connect(options: { institution?: { id: string; name: string }; products?: Products[] } = {}) {
    const institution = options.institution ?? FIRST_PLATYPUS;
    const user = await h.createUser();
    const created = await h.deps.client.sandboxPublicTokenCreate({
      institution_id: institution.id,
      initial_products: options.products ?? [Products.Transactions, Products.Liabilities],
    });
    const api = h.caller(user);
    const result = await api.plaid.exchangePublicToken({
      publicToken: created.data.public_token,
      metadata: { institution: { institution_id: institution.id, name: institution.name }, accounts: [] },
    });
    if (result.status !== "connected") throw new Error("expected a new connection");
    const [row] = await h.handle.db.select().from(plaidItems).where(eq(plaidItems.id, result.item.id));
    if (!row?.accessTokenCiphertext) throw new Error("item not stored");
    return { user, api, itemId: row.id, plaidItemId: row.plaidItemId, accessToken: h.deps.vault.decrypt(row.accessTokenCiphertext, row.id) };
  }

  const context = () => ({ db: h.handle.db, plaid: h.deps });
  const streamsOf = (itemId: string) => h.handle.db.select().from(recurringStreams).where(eq(recurringStreams.itemId, itemId));
  const productRow = async (itemId: string, product: "recurring" | "liabilities") =>
    (await h.handle.db.select().from(plaidItemProducts).where(eq(plaidItemProducts.itemId, itemId))).find((row) => row.product === product);

  it("stores every stream Plaid reports for the item and replaces the set at the next fetch", async () => {
    const { itemId, plaidItemId, accessToken, user } = await connect();
    // A stream Plaid no longer reports: the next fetch must drop it.
    await h.handle.db.insert(recurringStreams).values({
      streamId: `gone-${itemId}`,
      itemId,
      userId: user.id,
      plaidAccountId: "acc-gone",
      direction: "outflow",
      description: "Gym that closed",
      frequency: "MONTHLY",
      averageAmount: "40",
      lastAmount: "40",
      isActive: true,
      status: "MATURE",
    });

    expect(await fetchRecurringStreams(context(), itemId)).toMatchObject({ status: "stored" });
    const plaid = (await h.deps.client.transactionsRecurringGet({ access_token: accessToken })).data;
    const expected = [...plaid.outflow_streams.map((s) => `outflow ${s.stream_id}`), ...plaid.inflow_streams.map((s) => `inflow ${s.stream_id}`)].sort();
    expect(expected.length).toBeGreaterThan(3);
    const stored = await streamsOf(itemId);
    expect(stored.map((s) => `${s.direction} ${s.streamId}`).sort()).toEqual(expected);
    const rent = plaid.outflow_streams.find((s) => s.personal_finance_category?.detailed?.includes("RENT"));
    const storedRent = stored.find((s) => s.streamId === rent?.stream_id);
    expect(storedRent).toMatchObject({ frequency: "MONTHLY", isoCurrencyCode: "USD", predictedNextDate: rent?.predicted_next_date, isActive: rent?.is_active });
    expect(Number(storedRent?.averageAmount)).toBe(rent?.average_amount.amount);
    expect((await productRow(itemId, "recurring"))?.fetchedAt).toBeInstanceOf(Date);

    // A new rent payment changes the stream's last amount; the refetch replaces the stored one.
    await h.control(`items/${plaidItemId}/transactions/add`, { transactions: [{ recurring: "rent", amount: 1777.25 }], webhook: false });
    expect(await fetchRecurringStreams(context(), itemId)).toMatchObject({ status: "stored", rows: expected.length });
    const after = await streamsOf(itemId);
    expect(after.find((s) => s.streamId === rent?.stream_id)?.lastAmount).toBe("1777.25");
    expect(after).toHaveLength(expected.length);
  });

  it("marks recurring streams unavailable with the reason when the item lacks consent, and clears what was stored", async () => {
    const { itemId } = await connect();
    expect(await fetchRecurringStreams(context(), itemId)).toMatchObject({ status: "stored" });
    await h.injectError("/transactions/recurring/get", "ADDITIONAL_CONSENT_REQUIRED");

    expect(await fetchRecurringStreams(context(), itemId)).toEqual({
      status: "unavailable",
      code: "ADDITIONAL_CONSENT_REQUIRED",
      reason: "This bank connection was not given permission to share this information.",
    });
    expect(await streamsOf(itemId)).toEqual([]);
    expect(await productRow(itemId, "recurring")).toMatchObject({ unavailableCode: "ADDITIONAL_CONSENT_REQUIRED" });
  });

  it("leaves the stored streams alone when Plaid is not ready yet and has the job retried later", async () => {
    const { itemId } = await connect();
    await fetchRecurringStreams(context(), itemId);
    const before = await streamsOf(itemId);
    await h.injectError("/transactions/recurring/get", "PRODUCT_NOT_READY");

    const handlers = createJobHandlers({ handle: h.handle, plaid: h.deps });
    const job: ClaimedJob = { id: 1, kind: "fetch-recurring", key: itemId, payload: {}, attempts: 1, max_attempts: 8 };
    const thrown = await handlers["fetch-recurring"](job).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(RetryableJobError);
    expect((thrown as RetryableJobError).retryAfterMs).toBeGreaterThanOrEqual(30_000);
    expect(await streamsOf(itemId)).toEqual(before);
    expect(await productRow(itemId, "recurring")).toMatchObject({ unavailableCode: null });
  });

  it("stores the card's APRs and statement, the student loan's and the mortgage's terms, and no account number", async () => {
    const { itemId, accessToken } = await connect();
    expect(await fetchLiabilities(context(), itemId)).toEqual({ status: "stored", rows: 3 });

    const plaid = (await h.deps.client.liabilitiesGet({ access_token: accessToken })).data.liabilities;
    const rows = await h.handle.db
      .select({ liability: accountLiabilities, plaidAccountId: plaidAccounts.plaidAccountId })
      .from(accountLiabilities)
      .innerJoin(plaidAccounts, eq(plaidAccounts.id, accountLiabilities.accountId))
      .where(eq(accountLiabilities.itemId, itemId));
    const byKind = new Map(rows.map((row) => [row.liability.kind, row]));

    const card = plaid.credit?.[0];
    expect(byKind.get("credit")?.plaidAccountId).toBe(card?.account_id);
    expect(byKind.get("credit")?.liability).toMatchObject({
      minimumPayment: String(card?.minimum_payment_amount),
      nextPaymentDueDate: card?.next_payment_due_date,
      lastStatementBalance: String(card?.last_statement_balance),
      lastStatementDate: card?.last_statement_issue_date,
      isOverdue: false,
    });
    expect(byKind.get("credit")?.liability.aprs).toEqual(
      card?.aprs.map((apr) => ({
        type: apr.apr_type,
        percentage: String(apr.apr_percentage),
        balanceSubjectToApr: String(apr.balance_subject_to_apr),
        interestChargeAmount: String(apr.interest_charge_amount),
      })),
    );
    const loan = plaid.student?.[0];
    expect(byKind.get("student")?.liability).toMatchObject({
      interestRatePercentage: String(loan?.interest_rate_percentage),
      minimumPayment: String(loan?.minimum_payment_amount),
      loanTerms: { originationDate: loan?.origination_date, expectedPayoffDate: loan?.expected_payoff_date, loanStatus: "repayment" },
    });
    const mortgage = plaid.mortgage?.[0];
    expect(byKind.get("mortgage")?.liability).toMatchObject({
      minimumPayment: String(mortgage?.next_monthly_payment),
      nextPaymentDueDate: mortgage?.next_payment_due_date,
      isOverdue: false,
      loanTerms: { maturityDate: mortgage?.maturity_date, loanTerm: "30 year", interestRateType: "fixed" },
    });
    const storedText = JSON.stringify(rows);
    for (const number of [loan?.account_number, mortgage?.account_number, loan?.payment_reference_number]) {
      expect(number).toBeTruthy();
      expect(storedText).not.toContain(number);
    }
  });

  const transactionsOnly = [Products.Transactions];
  it.each<[string, Parameters<typeof connect>[0], string | null, string]>([
    ["a bank that does not offer liabilities", { institution: MAPLE_PLATYPUS, products: transactionsOnly }, null, "PRODUCTS_NOT_SUPPORTED"],
    ["an item linked without liabilities consent", { products: transactionsOnly }, null, "ADDITIONAL_CONSENT_REQUIRED"],
    ["accounts without liabilities", {}, "NO_LIABILITY_ACCOUNTS", "NO_LIABILITY_ACCOUNTS"],
  ])("stores nothing and marks liabilities unavailable for %s", async (_case, options, injected, code) => {
    const { itemId } = await connect(options);
    if (injected) await h.injectError("/liabilities/get", injected);
    const outcome = await fetchLiabilities(context(), itemId);
    expect(outcome).toMatchObject({ status: "unavailable", code });
    expect(await h.handle.db.select().from(accountLiabilities).where(eq(accountLiabilities.itemId, itemId))).toEqual([]);
    const row = await productRow(itemId, "liabilities");
    expect(row?.unavailableCode).toBe(code);
    expect(row?.unavailableReason).toBe(outcome.status === "unavailable" ? outcome.reason : "");
    expect(row?.unavailableReason).not.toMatch(/PLAID|_/);
  });

  it("writes nothing for an item removed before the fetch", async () => {
    const { itemId, api } = await connect();
    await api.items.remove({ itemId, keepData: true });
    expect(await fetchLiabilities(context(), itemId)).toMatchObject({ status: "skipped" });
    expect(await fetchRecurringStreams(context(), itemId)).toMatchObject({ status: "skipped" });
    expect(await h.handle.db.select().from(accountLiabilities).where(eq(accountLiabilities.itemId, itemId))).toEqual([]);
    expect(await streamsOf(itemId)).toEqual([]);
  });
});
