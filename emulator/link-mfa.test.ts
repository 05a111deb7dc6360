import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Products, type PlaidApi } from "plaid";
import { type RunningEmulator } from "./server";
import { connectItem, LINK_TOKEN_REQUEST, linkUi, plaidClient, startTestEmulator } from "./testing/helpers";

type Answer = Record<string, unknown>;

// Plaid's sandbox MFA users (user_good + an mfa_* password) through the Link UI's API.
describe("multi-factor login in Link", () => {
  let emulator: RunningEmulator;
  let plaid: PlaidApi;
  let ui: ReturnType<typeof linkUi>;

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: "mfa" });
    plaid = plaidClient(emulator.url);
    ui = linkUi(emulator.url);
  });
  afterAll(() => emulator.close());

  async function loginWith(password: string, linkToken?: string): Promise<{ sessionId: unknown; answer: Answer; status: number }> {
    const token = linkToken ?? (await plaid.linkTokenCreate(LINK_TOKEN_REQUEST)).data.link_token;
    const session = await ui("session", { link_token: token });
    const login = await ui("login", { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_good", password });
    return { sessionId: session.body.link_session_id, answer: login.body, status: login.status };
  }

  it("asks for a device and then the code; a wrong code is INVALID_MFA and may be retried; 1234 continues to the accounts", async () => {
    const { sessionId, answer } = await loginWith("mfa_device");
    expect(answer).toMatchObject({ done: false, mfa: { type: "device" } });
    const devices = (answer.mfa as { devices: { id: string }[] }).devices;
    expect(devices.length).toBeGreaterThanOrEqual(2);
    const code = await ui("mfa", { link_session_id: sessionId, device: devices[0]?.id });
    expect(code.body).toMatchObject({ done: false, mfa: { type: "code" } });

    const wrong = await ui("mfa", { link_session_id: sessionId, answers: ["0000"] });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error_type: "ITEM_ERROR", error_code: "INVALID_MFA", display_message: expect.stringContaining("not correct") });
    const right = await ui("mfa", { link_session_id: sessionId, answers: ["1234"] });
    expect(right.body).toMatchObject({ done: false });
    const accounts = right.body.accounts as { id: string; name: string }[];
    expect(accounts.map((account) => account.name)).toContain("Plaid Checking");

    const finish = await ui("finish", { link_session_id: sessionId, account_ids: accounts.map((account) => account.id) });
    const exchanged = await plaid.itemPublicTokenExchange({ public_token: String(finish.body.public_token) });
    expect(exchanged.data.access_token).toMatch(/^access-sandbox-/);
  });

  it("asks n rounds of m questions for mfa_questions_<n>_<m>, answered answer_<round>_<question>", async () => {
    const { sessionId, answer } = await loginWith("mfa_questions_2_3");
    expect(answer).toMatchObject({ done: false, mfa: { type: "questions", round: 1 } });
    expect((answer.mfa as { questions: unknown[] }).questions).toHaveLength(3);
    const wrong = await ui("mfa", { link_session_id: sessionId, answers: ["answer_1_1", "answer_1_2", "answer_2_3"] });
    expect(wrong.body.error_code).toBe("INVALID_MFA");
    const round2 = await ui("mfa", { link_session_id: sessionId, answers: ["answer_1_1", "answer_1_2", "answer_1_3"] });
    expect(round2.body).toMatchObject({ done: false, mfa: { type: "questions", round: 2 } });
    const done = await ui("mfa", { link_session_id: sessionId, answers: ["answer_2_1", "answer_2_2", "answer_2_3"] });
    expect(Array.isArray(done.body.accounts)).toBe(true);
  });

  it("asks one selection for mfa_selections (answer Yes), and rounds of choices for mfa_selections_<n>_<m>_<o>", async () => {
    const single = await loginWith("mfa_selections");
    const question = (single.answer.mfa as { questions: { options: string[] }[] }).questions[0];
    expect(question?.options).toContain("Yes");
    expect((await ui("mfa", { link_session_id: single.sessionId, answers: ["No"] })).body.error_code).toBe("INVALID_MFA");
    expect(Array.isArray((await ui("mfa", { link_session_id: single.sessionId, answers: ["Yes"] })).body.accounts)).toBe(true);

    const multi = await loginWith("mfa_selections_1_2_3");
    const questions = (multi.answer.mfa as { questions: { options: string[] }[] }).questions;
    expect(questions.map((q) => q.options)).toEqual([
      ["answer_1_1_0", "answer_1_1_1", "answer_1_1_2"],
      ["answer_1_2_0", "answer_1_2_1", "answer_1_2_2"],
    ]);
    expect((await ui("mfa", { link_session_id: multi.sessionId, answers: ["answer_1_1_0", "answer_1_2_1"] })).body.error_code).toBe("INVALID_MFA");
    expect(Array.isArray((await ui("mfa", { link_session_id: multi.sessionId, answers: ["answer_1_1_0", "answer_1_2_0"] })).body.accounts)).toBe(true);
  });

  it("refuses passwords outside Plaid's patterns, and MFA passwords for other users, with INVALID_CREDENTIALS", async () => {
    for (const password of ["mfa_questions_0_1", "mfa_questions_1", "mfa_selections_1_1_1", "mfa_other"]) {
      const { answer, status } = await loginWith(password);
      expect(status).toBe(400);
      expect(answer.error_code).toBe("INVALID_CREDENTIALS");
    }
    const token = (await plaid.linkTokenCreate(LINK_TOKEN_REQUEST)).data.link_token;
    const session = await ui("session", { link_token: token });
    const other = await ui("login", { link_session_id: session.body.link_session_id, institution_id: "ins_109508", username: "user_transactions_10k", password: "mfa_device" });
    expect(other.body.error_code).toBe("INVALID_CREDENTIALS");
  });

  it("does not finish before the challenge is answered", async () => {
    const { sessionId } = await loginWith("mfa_device");
    const early = await ui("finish", { link_session_id: sessionId, account_ids: ["x"] });
    expect(early.status).toBe(400);
  });

  it("runs MFA in update mode too, and lets the sandbox shortcut take an MFA password", async () => {
    const { accessToken } = await connectItem(plaid);
    await plaid.sandboxItemResetLogin({ access_token: accessToken });
    const update = await plaid.linkTokenCreate({ ...LINK_TOKEN_REQUEST, products: undefined, access_token: accessToken });
    const { sessionId, answer } = await loginWith("mfa_questions_1_1", update.data.link_token);
    expect(answer).toMatchObject({ mfa: { type: "questions" } });
    const done = await ui("mfa", { link_session_id: sessionId, answers: ["answer_1_1"] });
    expect(done.body).toMatchObject({ done: true, public_token: expect.stringMatching(/^public-sandbox-/) });
    expect((await plaid.itemGet({ access_token: accessToken })).data.item.error).toBeNull();

    const created = await plaid.sandboxPublicTokenCreate({ institution_id: "ins_109508", initial_products: [Products.Transactions], options: { override_username: "user_good", override_password: "mfa_device" } });
    expect(created.data.public_token).toMatch(/^public-sandbox-/);
  });
});
