import { expect, test, emulatorUrl } from "./fixtures";
import type { FrameLocator, Page } from "@playwright/test";

// The emulator's Link UI for OAuth and MFA in a real browser, on the emulator's bare demo page: the
// bank's consent page in a popup (Plaid's default in a browser), the full-page trip to it and back
// (webviews), resuming Link with receivedRedirectUri, the in-place consent, and Plaid's sandbox MFA users.

const OAUTH_BANK = "Platypus OAuth Bank";

async function openLink(page: Page, query = ""): Promise<FrameLocator> {
  await page.goto(`${emulatorUrl()}/__emulator/link-demo${query}`);
  await page.getByRole("button", { name: "Open Link" }).click();
  await expect(page.getByRole("dialog", { name: "Plaid Link" })).toBeVisible();
  return page.frameLocator('iframe[title="Plaid Link"]');
}

async function chooseOAuthBank(link: FrameLocator): Promise<void> {
  await link.getByLabel("Search institutions").fill("OAuth");
  await link.getByRole("button", { name: OAUTH_BANK }).click();
  await link.getByRole("button", { name: `Continue to ${OAUTH_BANK}` }).click();
}

async function signIn(link: FrameLocator, password: string): Promise<void> {
  await link.getByLabel("Search institutions").fill("First Platypus");
  await link.getByRole("button", { name: "First Platypus Bank" }).click();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill(password);
  await link.getByRole("button", { name: "Submit" }).click();
}

async function result(page: Page): Promise<Record<string, unknown>> {
  return JSON.parse((await page.getByLabel("Result").textContent()) ?? "{}") as Record<string, unknown>;
}

async function keepAccounts(page: Page): Promise<void> {
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Status")).toHaveText("success");
}

test.describe("emulator Link: OAuth and MFA", () => {
  test("leaves for the bank's consent page, comes back with oauth_state_id and finishes Link on resume", async ({ page }) => {
    const link = await openLink(page, "?redirect=1");
    await chooseOAuthBank(link);
    await expect(page).toHaveURL(/\/link\/oauth\/consent\?oauth_state_id=/);
    await expect(page.getByRole("heading", { name: OAUTH_BANK })).toBeVisible();
    await page.getByRole("button", { name: "Approve" }).click();

    await expect(page).toHaveURL(/\/__emulator\/link-demo\?oauth_state_id=[0-9a-f-]+$/);
    await keepAccounts(page);
    const { public_token: publicToken, metadata } = (await result(page)) as { public_token: string; metadata: { institution: unknown } };
    expect(publicToken).toMatch(/^public-sandbox-/);
    expect(metadata.institution).toEqual({ name: OAUTH_BANK, institution_id: "ins_127287" });
    await expect(page.getByRole("list", { name: "Events" })).toContainText("CLOSE_OAUTH");

    // The same page with another link token: Link ends with INCORRECT_LINK_TOKEN.
    const other = (await (await fetch(`${emulatorUrl()}/__emulator/link-token`, { method: "POST", body: "{}" })).json()) as { link_token: string };
    await page.goto(`${page.url()}&token=${other.link_token}`);
    await expect(page.getByLabel("Status")).toHaveText("exit");
    expect(((await result(page)) as { error: { error_code: string } }).error.error_code).toBe("INCORRECT_LINK_TOKEN");
  });

  test("ends Link through onExit with ACCESS_NOT_GRANTED when the user denies", async ({ page }) => {
    const link = await openLink(page, "?redirect=1");
    await chooseOAuthBank(link);
    await page.getByRole("button", { name: "Deny" }).click();
    await expect(page.getByLabel("Status")).toHaveText("exit");
    const { error, metadata } = (await result(page)) as { error: { error_code: string; error_type: string }; metadata: { status: string } };
    expect(error).toMatchObject({ error_type: "ITEM_ERROR", error_code: "ACCESS_NOT_GRANTED" });
    expect(metadata.status).toBe("requires_oauth");
  });

  test("fails the resume with a malformed oauth_state_id (INVALID_FIELD) or an unknown one (OAUTH_STATE_ID_NOT_FOUND)", async ({ page }) => {
    const token = (await (await fetch(`${emulatorUrl()}/__emulator/link-token`, { method: "POST", body: "{}" })).json()) as { link_token: string };
    await page.goto(`${emulatorUrl()}/__emulator/link-demo?oauth_state_id=forged&token=${token.link_token}`);
    await expect(page.getByLabel("Status")).toHaveText("exit");
    expect(((await result(page)) as { error: { error_code: string } }).error.error_code).toBe("INVALID_FIELD");
    await page.goto(`${emulatorUrl()}/__emulator/link-demo?oauth_state_id=${crypto.randomUUID()}&token=${token.link_token}`);
    await expect(page.getByLabel("Status")).toHaveText("exit");
    expect(((await result(page)) as { error: { error_code: string } }).error.error_code).toBe("OAUTH_STATE_ID_NOT_FOUND");
  });

  test("opens the bank in a popup by default, even with a redirect_uri, and finishes Link in the page", async ({ page }) => {
    const link = await openLink(page, "?redirect=1&oauth_mode=");
    const popupOpened = page.waitForEvent("popup");
    await chooseOAuthBank(link);
    const popup = await popupOpened;
    await expect(popup.getByRole("heading", { name: OAUTH_BANK })).toBeVisible();
    // The popup closes itself at once: wait for that from before the click.
    const closed = popup.waitForEvent("close");
    await popup.getByRole("button", { name: "Approve" }).click();
    await closed;
    // The page itself never left.
    await expect(page).toHaveURL(/\/__emulator\/link-demo\?redirect=1&oauth_mode=$/);
    await keepAccounts(page);
    await expect(page.getByRole("list", { name: "Events" })).toContainText("CLOSE_OAUTH");
  });

  test.describe("in an Android webview", () => {
    test.use({ userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.0.0 Mobile Safari/537.36" });

    test("leaves the page for the bank instead of opening a popup (Link's webview path)", async ({ page }) => {
      const link = await openLink(page, "?redirect=1&oauth_mode=");
      let popups = 0;
      page.on("popup", () => (popups += 1));
      await chooseOAuthBank(link);
      await expect(page).toHaveURL(/\/link\/oauth\/consent\?oauth_state_id=/);
      await page.getByRole("button", { name: "Approve" }).click();
      await expect(page).toHaveURL(/\/__emulator\/link-demo\?oauth_state_id=[0-9a-f-]+$/);
      await keepAccounts(page);
      expect(popups).toBe(0);
    });
  });

  test("a popup closed without an answer returns Link to the bank's first screen", async ({ page }) => {
    const link = await openLink(page);
    const popupOpened = page.waitForEvent("popup");
    await chooseOAuthBank(link);
    const popup = await popupOpened;
    await expect(popup.getByRole("button", { name: "Approve" })).toBeVisible();
    await popup.close();
    await expect(link.getByRole("alert")).toContainText("closed before you finished");
    await expect(link.getByRole("button", { name: `Continue to ${OAUTH_BANK}` })).toBeEnabled();
  });

  test("shows the consent in place when asked to (no popup)", async ({ page }) => {
    const link = await openLink(page, "?oauth_mode=inline");
    await chooseOAuthBank(link);
    await expect(page).toHaveURL(/\/__emulator\/link-demo\?oauth_mode=inline$/);
    await link.getByRole("button", { name: "Approve" }).click();
    await keepAccounts(page);
  });

  test("asks security questions for mfa_questions_1_2, rejects a wrong answer, then links", async ({ page }) => {
    const link = await openLink(page);
    await signIn(link, "mfa_questions_1_2");
    await link.getByLabel(/^Question 1\.1/).fill("answer_1_1");
    await link.getByLabel(/^Question 1\.2/).fill("wrong");
    await link.getByRole("button", { name: "Submit" }).click();
    await expect(link.getByRole("alert")).toContainText("not correct");
    await link.getByLabel(/^Question 1\.2/).fill("answer_1_2");
    await link.getByRole("button", { name: "Submit" }).click();
    await keepAccounts(page);
  });

  test("sends a code to a device for mfa_device and takes 1234", async ({ page }) => {
    const link = await openLink(page);
    await signIn(link, "mfa_device");
    await link.getByRole("button", { name: /Text a code/ }).click();
    await link.getByLabel("Security code").fill("1234");
    await link.getByRole("button", { name: "Submit" }).click();
    await keepAccounts(page);
  });

  test("closing on a wrong selection reports INVALID_MFA to onExit", async ({ page }) => {
    const link = await openLink(page);
    await signIn(link, "mfa_selections");
    await link.getByRole("radio", { name: "No" }).check();
    await link.getByRole("button", { name: "Submit" }).click();
    await expect(link.getByRole("alert")).toContainText("not correct");
    await link.getByRole("button", { name: "Close" }).click();
    await expect(page.getByLabel("Status")).toHaveText("exit");
    const { error, metadata } = (await result(page)) as { error: { error_code: string }; metadata: { status: string } };
    expect(error.error_code).toBe("INVALID_MFA");
    expect(metadata.status).toBe("requires_selections");
  });
});
