import { emulator, expect, newestEmulatorItem, notifications, signUpNewUser, test } from "./fixtures";
import { OAUTH_BANK, approveAndKeepAccounts, expectNoAxeViolations, expectNoSidewaysScroll, leaveForOAuthConsent, linkFrame, storedLinkSession } from "./link-flows";

// An OAuth bank leaves the app for its own consent page and sends the browser back to
// /oauth-return (PLAID_REDIRECT_URI), where Link resumes with the same Link token.

test.describe("OAuth bank (full-page redirect)", () => {
  test("connects through the bank's consent page: Link resumes on /oauth-return, the bank is exchanged and the user is back on Settings", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    await approveAndKeepAccounts(page);

    await expect(page).toHaveURL(/\/settings$/);
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is connected.`);
    const card = page.getByRole("article", { name: OAUTH_BANK });
    await expect(card.getByText("Connected")).toBeVisible();
    await expect(card.getByText("Plaid Checking")).toBeVisible();
    // The stored Link token is gone once used: a reload of /oauth-return cannot replay it.
    expect(await storedLinkSession(page)).toBeNull();
  });

  test("reconnects the OAuth bank in update mode through the bank's consent page", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    await approveAndKeepAccounts(page);
    const card = page.getByRole("article", { name: OAUTH_BANK });
    await expect(card.getByText(/Last synced/)).toBeVisible({ timeout: 30_000 });

    const { access_token: accessToken, item_id: itemId } = await newestEmulatorItem();
    await emulator("/sandbox/item/reset_login", { client_id: "emulator-client-id", secret: "emulator-secret", access_token: accessToken });
    const reconnect = card.getByRole("button", { name: `Reconnect ${OAUTH_BANK}` });
    await expect(reconnect).toBeVisible({ timeout: 30_000 });

    await reconnect.click();
    // Update mode on an OAuth bank: straight to the bank's screen, no bank picker.
    await linkFrame(page).getByRole("button", { name: `Continue to ${OAUTH_BANK}` }).click();
    await expect(page).toHaveURL(/\/link\/oauth\/consent\?oauth_state_id=/);
    await page.getByRole("button", { name: "Approve" }).click();

    await expect(page).toHaveURL(/\/settings$/, { timeout: 20_000 });
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is reconnected.`);
    await expect(page.getByRole("article", { name: OAUTH_BANK }).getByText("Connected")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole("button", { name: `Reconnect ${OAUTH_BANK}` })).toHaveCount(0);
    // Still one connection: update mode never exchanges.
    await expect(page.getByRole("article", { name: OAUTH_BANK })).toHaveCount(1);
    const item = (await emulator(`/__emulator/items/${itemId}`)) as { error: unknown };
    expect(item.error).toBeNull();
  });

  test("denying consent at the bank says nothing was connected, with Start again and a way back", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    await page.getByRole("button", { name: "Deny" }).click();

    await expect(page).toHaveURL(/\/oauth-return\?oauth_state_id=/);
    await expect(page.getByRole("alert").filter({ hasText: /You did not give Ledgerlink access at .+, so nothing was connected/ })).toBeVisible();
    await expect(page.getByRole("button", { name: "Start again" })).toBeEnabled();
    await expectNoAxeViolations(page, "/oauth-return after a denial");
    await page.getByRole("link", { name: "Back to Settings" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });

  test("a tampered oauth_state_id is refused with a readable message, and Start again opens Link afresh", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    // Instead of answering at the bank, come back with a forged state id.
    await page.goto("/oauth-return?oauth_state_id=forged-by-someone");
    await expect(page.getByRole("alert").filter({ hasText: "could not be matched to your connection attempt" })).toBeVisible();
    expect(await storedLinkSession(page)).toBeNull();

    await page.getByRole("button", { name: "Start again" }).click();
    await expect(linkFrame(page).getByLabel("Search institutions")).toBeVisible();
  });

  test("without a stored Link session, or with an expired one, /oauth-return explains and offers to start again", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/oauth-return?oauth_state_id=anything");
    await expect(page.getByRole("alert").filter({ hasText: "There is no connection attempt to finish in this tab" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Start again" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "/oauth-return without a session");

    // A token created more than 4 hours ago is not even tried.
    await page.evaluate(() =>
      sessionStorage.setItem(
        "ledgerlink.link-session",
        JSON.stringify({ linkToken: "link-sandbox-old", mode: { kind: "connect" }, createdAt: Date.now() - 5 * 3_600_000, expiresAt: null, returnTo: "/dashboard" }),
      ),
    );
    await page.reload();
    await expect(page.getByRole("alert").filter({ hasText: "This connection attempt expired" })).toBeVisible();
    await expect(page.locator('iframe[title="Plaid Link"]')).toHaveCount(0);
    await page.getByRole("link", { name: "Back to the overview" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

test.describe("OAuth bank on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("connects from the overview at 390×844 and comes back to the overview", async ({ page }) => {
    await signUpNewUser(page);
    await leaveForOAuthConsent(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(/\/oauth-return\?oauth_state_id=/);
    await expectNoSidewaysScroll(page);
    const link = linkFrame(page);
    const frame = await page.locator('iframe[title="Plaid Link"]').boundingBox();
    expect(frame?.width).toBeLessThanOrEqual(390);
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    await link.getByRole("button", { name: "Continue" }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is connected.`);
    await expectNoSidewaysScroll(page);
  });
});
