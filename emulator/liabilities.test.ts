import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CountryCode, Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { isoDate } from "./generate/dates";
import { connectItem, eventually, getJson, LINK_TOKEN_REQUEST, linkUi, plaidClient, plaidError, postJson, startReceiver, startTestEmulator, webhookBodies } from "./testing/helpers";

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe("/liabilities/get", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  const receivers: Receiver[] = [];
  const receiver = async () => {
    const started = await startReceiver();
    receivers.push(started);
    return started;
  };
  const withLiabilities = [Products.Transactions, Products.Liabilities];

  /** Goes through the Link UI's API with a link token: bank, login, every account. */
  async function linkThroughUi(linkToken: string): Promise<string> {
    const ui = linkUi(emulator.url);
    const session = await ui("session", { link_token: linkToken });
    const sessionId = session.body.link_session_id;
    const login = await ui("login", { link_session_id: sessionId, institution_id: "ins_109508", username: "user_good", password: "pass_good" });
    if (login.body.done === true) return String(login.body.public_token);
    const accounts = (login.body.accounts as { id: string }[]).map((account) => account.id);
    const finish = await ui("finish", { link_session_id: sessionId, account_ids: accounts });
    return String(finish.body.public_token);
  }

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: "liabilities" });
    plaid = plaidClient(emulator.url);
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(() => emulator.close());

  it("answers the credit card, student loan and the mortgage of an item linked with liabilities", async () => {
    const { accessToken, itemId } = await connectItem(plaid, { products: withLiabilities });
    const { data } = await plaid.liabilitiesGet({ access_token: accessToken });
    expect(data.accounts.map((account) => `${account.name} ${account.mask} ${account.subtype}`)).toEqual([
      "Plaid Checking 0000 checking",
      "Plaid Saving 1111 savings",
      "Plaid Credit Card 3333 credit card",
      "Plaid Student Loan 7777 student",
      "Plaid Mortgage 8888 mortgage",
    ]);
    const id = (mask: string) => data.accounts.find((account) => account.mask === mask)?.account_id;
    const [credit] = data.liabilities.credit ?? [];
    const [student] = data.liabilities.student ?? [];
    const [mortgage] = data.liabilities.mortgage ?? [];

    expect(credit?.account_id).toBe(id("3333"));
    expect(credit?.aprs.find((apr) => apr.apr_type === "purchase_apr")?.apr_percentage).toBe(12.5);
    expect(credit).toMatchObject({ is_overdue: false, last_statement_balance: data.accounts.find((a) => a.mask === "3333")?.balances.current });
    expect(credit?.last_statement_issue_date?.slice(8)).toBe("28");
    expect(credit?.next_payment_due_date?.slice(8)).toBe("25");
    expect(credit?.next_payment_due_date && credit.last_statement_issue_date && credit.next_payment_due_date > credit.last_statement_issue_date).toBe(true);
    expect(credit?.minimum_payment_amount).toBeGreaterThanOrEqual(Math.min(25, credit?.last_statement_balance ?? 0));

    // The last payments are the latest payment rows in the transactions.
    const rows = (await getJson(`${emulator.url}/__emulator/items/${itemId}/transactions`)).transactions as { name: string; amount: number; date: string; account_id: string }[];
    const latest = (name: string) => rows.filter((row) => row.name === name).sort((a, b) => b.date.localeCompare(a.date))[0];
    expect(credit).toMatchObject({ last_payment_date: latest("PAYMENT - THANK YOU")?.date, last_payment_amount: Math.abs(latest("PAYMENT - THANK YOU")?.amount ?? 0) });
    expect(student).toMatchObject({
      account_id: id("7777"),
      last_payment_date: latest("PLATYPUS STUDENT LN PAYMENT")?.date,
      last_payment_amount: latest("PLATYPUS STUDENT LN PAYMENT")?.amount,
      loan_status: { type: "repayment" },
      repayment_plan: { type: "standard" },
      is_overdue: false,
    });
    expect(student?.next_payment_due_date?.slice(8)).toBe("15");
    expect(student?.interest_rate_percentage).toBeGreaterThan(0);
    expect(mortgage).toMatchObject({ account_id: id("8888"), loan_term: "30 year", interest_rate: { type: "fixed" }, past_due_amount: 0, has_pmi: false });
    expect(mortgage?.next_payment_due_date?.slice(8)).toBe("01");
    expect(mortgage?.next_payment_due_date && mortgage.next_payment_due_date > isoDate(Date.now())).toBe(true);
  });

  it("answers only the requested accounts, and NO_LIABILITY_ACCOUNTS for accounts without liabilities", async () => {
    const { accessToken } = await connectItem(plaid, { products: withLiabilities });
    const accounts = (await plaid.accountsGet({ access_token: accessToken })).data.accounts;
    const card = accounts.find((account) => account.mask === "3333")?.account_id ?? "";
    const checking = accounts.find((account) => account.mask === "0000")?.account_id ?? "";
    const { data } = await plaid.liabilitiesGet({ access_token: accessToken, options: { account_ids: [card] } });
    expect([data.liabilities.credit?.length, data.liabilities.student?.length, data.liabilities.mortgage?.length]).toEqual([1, 0, 0]);
    const none = await plaidError(plaid.liabilitiesGet({ access_token: accessToken, options: { account_ids: [checking] } }));
    expect(none.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "NO_LIABILITY_ACCOUNTS" });
    const unknown = await plaidError(plaid.liabilitiesGet({ access_token: accessToken, options: { account_ids: ["nope"] } }));
    expect(unknown.data).toMatchObject({ error_code: "INVALID_ACCOUNT_ID" });
  });

  it("refuses an item linked without liabilities with ADDITIONAL_CONSENT_REQUIRED; it has no mortgage account", async () => {
    const { accessToken } = await connectItem(plaid);
    const failure = await plaidError(plaid.liabilitiesGet({ access_token: accessToken }));
    expect(failure.status).toBe(400);
    expect(failure.data).toMatchObject({ error_type: "INVALID_INPUT", error_code: "ADDITIONAL_CONSENT_REQUIRED" });
    expect(String(failure.data.error_message)).toContain("LIABILITIES");
    const item = await plaid.itemGet({ access_token: accessToken });
    expect(item.data.item.consented_products).not.toContain("liabilities");
    expect((await plaid.accountsGet({ access_token: accessToken })).data.accounts.map((account) => account.mask)).toEqual(["0000", "1111", "3333", "7777"]);
  });

  it("refuses a bank without liabilities (the Canadian one) with PRODUCTS_NOT_SUPPORTED", async () => {
    const { accessToken } = await connectItem(plaid, { products: withLiabilities, institutionId: "ins_200001" });
    const failure = await plaidError(plaid.liabilitiesGet({ access_token: accessToken }));
    expect(failure.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCTS_NOT_SUPPORTED" });
  });

  it("answers PRODUCT_NOT_READY before the initial update", async () => {
    const slow = await startTestEmulator({ readyDelayMs: 3_600_000, timeScale: 1 });
    try {
      const client = plaidClient(slow.url);
      const { accessToken } = await connectItem(client, { products: withLiabilities });
      const failure = await plaidError(client.liabilitiesGet({ access_token: accessToken }));
      expect(failure.data).toMatchObject({ error_type: "ITEM_ERROR", error_code: "PRODUCT_NOT_READY" });
    } finally {
      await slow.close();
    }
  });

  it("takes liabilities from optional_products at Link: consented at once, billed on first use", async () => {
    const link = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, optional_products: [Products.Liabilities] });
    const publicToken = await linkThroughUi(link.data.link_token);
    const { access_token: accessToken } = (await plaid.itemPublicTokenExchange({ public_token: publicToken })).data;
    const before = (await plaid.itemGet({ access_token: accessToken })).data.item;
    expect(before.consented_products).toEqual(["transactions", "liabilities"]);
    expect(before.billed_products).toEqual(["transactions"]);
    expect((await plaid.liabilitiesGet({ access_token: accessToken })).data.liabilities.mortgage).toHaveLength(1);
    expect((await plaid.itemGet({ access_token: accessToken })).data.item.billed_products).toEqual(["transactions", "liabilities"]);
  });

  it("takes liabilities from additional_consented_products at Link, and from required_if_supported_products where the bank has them", async () => {
    const consented = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, additional_consented_products: [Products.Liabilities] });
    const first = (await plaid.itemPublicTokenExchange({ public_token: await linkThroughUi(consented.data.link_token) })).data.access_token;
    await expect(plaid.liabilitiesGet({ access_token: first })).resolves.toBeTruthy();
    const required = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, required_if_supported_products: [Products.Liabilities] });
    const second = (await plaid.itemPublicTokenExchange({ public_token: await linkThroughUi(required.data.link_token) })).data.access_token;
    expect((await plaid.itemGet({ access_token: second })).data.item.billed_products).toEqual(["transactions", "liabilities"]);
  });

  it("adds liabilities consent to an existing item through update mode with additional_consented_products", async () => {
    const { accessToken } = await connectItem(plaid);
    expect((await plaidError(plaid.liabilitiesGet({ access_token: accessToken }))).data.error_code).toBe("ADDITIONAL_CONSENT_REQUIRED");
    const update = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, products: undefined, access_token: accessToken, additional_consented_products: [Products.Liabilities] });
    await linkThroughUi(update.data.link_token);
    const { data } = await plaid.liabilitiesGet({ access_token: accessToken });
    expect([data.liabilities.credit?.length, data.liabilities.student?.length, data.liabilities.mortgage?.length]).toEqual([1, 1, 0]);
  });

  it("sends LIABILITIES/DEFAULT_UPDATE with the new liabilities when ready, and with the changed fields after the control", async () => {
    const hook = await receiver();
    const { accessToken, itemId } = await connectItem(plaid, { products: withLiabilities, webhook: hook.url });
    await eventually(() => webhookBodies(hook.received, "DEFAULT_UPDATE").length === 1, "the first DEFAULT_UPDATE");
    const accounts = (await plaid.accountsGet({ access_token: accessToken })).data.accounts;
    const id = (mask: string) => accounts.find((account) => account.mask === mask)?.account_id ?? "";
    expect(webhookBodies(hook.received, "DEFAULT_UPDATE")[0]).toMatchObject({
      webhook_type: "LIABILITIES",
      item_id: itemId,
      error: null,
      account_ids_with_new_liabilities: [id("3333"), id("7777"), id("8888")],
      account_ids_with_updated_liabilities: {},
    });

    const changed = await postJson(`${emulator.url}/__emulator/items/${itemId}/liabilities`, { account_id: id("3333"), changes: { is_overdue: true, minimum_payment_amount: 35 } });
    expect(changed.status).toBe(200);
    await eventually(() => webhookBodies(hook.received, "DEFAULT_UPDATE").length === 2, "the second DEFAULT_UPDATE");
    expect(webhookBodies(hook.received, "DEFAULT_UPDATE")[1]).toMatchObject({
      account_ids_with_new_liabilities: [],
      account_ids_with_updated_liabilities: { [id("3333")]: ["is_overdue", "minimum_payment_amount"] },
    });
    const [credit] = (await plaid.liabilitiesGet({ access_token: accessToken })).data.liabilities.credit ?? [];
    expect(credit).toMatchObject({ is_overdue: true, minimum_payment_amount: 35 });

    const unknown = await postJson(`${emulator.url}/__emulator/items/${itemId}/liabilities`, { account_id: id("3333"), changes: { not_a_field: 1 } });
    expect(unknown.status).toBe(400);
    const notLiability = await postJson(`${emulator.url}/__emulator/items/${itemId}/liabilities`, { account_id: id("0000"), changes: { is_overdue: true } });
    expect(notLiability.status).toBe(404);
  });

  it("does not offer a bank in Link that lacks a product in `products`", async () => {
    const link = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, country_codes: [CountryCode.Us, CountryCode.Ca], products: withLiabilities });
    const session = await linkUi(emulator.url)("session", { link_token: link.data.link_token });
    const names = (session.body.institutions as { name: string }[]).map((institution) => institution.name);
    expect(names).toContain("First Platypus Bank");
    expect(names).not.toContain("Maple Platypus Trust");
    const optional = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, country_codes: [CountryCode.Ca], optional_products: [Products.Liabilities] });
    const caSession = await linkUi(emulator.url)("session", { link_token: optional.data.link_token });
    expect((caSession.body.institutions as { name: string }[]).map((institution) => institution.name)).toEqual(["Maple Platypus Trust"]);
  });
});
