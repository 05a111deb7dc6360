import { emulator, expect, newestEmulatorItem, notifications, signOut, signUpNewUser, test } from "./fixtures";
import {
  OAUTH_BANK,
  approveAndKeepAccounts,
  expectNoAxeViolations,
  expectNoSidewaysScroll,
  leaveForOAuthConsent,
  linkFrame,
  openOAuthPopup,
  storedLinkSession,
  useWebviewOAuth,
} from "./link-flows";

// In a browser, Plaid's Link opens an OAuth bank's consent page in a popup and finishes in the
// page (desktop and mobile web alike). In a webview it leaves the app for the bank and comes back
// to /oauth-return (PLAID_REDIRECT_URI), where Link resumes with the same Link token, kept in
// localStorage with the user's id.

test.describe("OAuth bank in a popup (browsers, the default)", () => {
  test("connects through the bank's popup while the page stays on Settings", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    const bank = await openOAuthPopup(page);
    // The popup closes itself at once: wait for that from before the click.
    const closed = bank.waitForEvent("close");
    await bank.getByRole("button", { name: "Approve" }).click();
    await closed;

    const link = linkFrame(page);
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    await link.getByRole("button", { name: "Continue" }).click();
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is connected.`);
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("article", { name: OAUTH_BANK }).getByText("Plaid Checking")).toBeVisible();
    expect(await storedLinkSession(page)).toBeNull();
  });

  test("denying in the popup ends Link with a message and connects nothing", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    const bank = await openOAuthPopup(page);
    // The popup closes itself at once: wait for that from before the click.
    const closed = bank.waitForEvent("close");
    await bank.getByRole("button", { name: "Deny" }).click();
    await closed;
    await expect(page.getByRole("alert").filter({ hasText: /You did not give Ledgerlink access at .+, so nothing was connected/ })).toBeVisible();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });
});

test.describe("OAuth bank on a phone's browser (popup)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("connects from the overview at 390×844 through the popup", async ({ page }) => {
    await signUpNewUser(page);
    const bank = await openOAuthPopup(page);
    // The popup closes itself at once: wait for that from before the click.
    const closed = bank.waitForEvent("close");
    await bank.getByRole("button", { name: "Approve" }).click();
    await closed;
    const link = linkFrame(page);
    const frame = await page.locator('iframe[title="Plaid Link"]').boundingBox();
    expect(frame?.width).toBeLessThanOrEqual(390);
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    await link.getByRole("button", { name: "Continue" }).click();
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is connected.`);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expectNoSidewaysScroll(page);
  });
});

test.describe("OAuth bank in a webview (full-page redirect)", () => {
  test.beforeEach(async ({ page }) => {
    await useWebviewOAuth(page);
  });

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

  test("without a stored Link session, or with one older than 30 minutes, /oauth-return explains and offers to start again", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/oauth-return?oauth_state_id=anything");
    await expect(page.getByRole("alert").filter({ hasText: "There is no connection attempt to finish here" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Start again" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "/oauth-return without a session");

    // A session started 31 minutes ago is not even tried.
    await page.goto("/dashboard");
    await leaveForOAuthConsent(page);
    await page.goto("/dashboard");
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem("ledgerlink.link-session") ?? "{}") as Record<string, unknown>;
      localStorage.setItem("ledgerlink.link-session", JSON.stringify({ ...stored, createdAt: Date.now() - 31 * 60_000 }));
    });
    await page.goto("/oauth-return?oauth_state_id=anything");
    await expect(page.getByRole("alert").filter({ hasText: "This connection attempt expired" })).toBeVisible();
    await expect(page.locator('iframe[title="Plaid Link"]')).toHaveCount(0);
    await page.getByRole("link", { name: "Back to the overview" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("resumes in another tab of the same browser", async ({ page, context }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    const consentUrl = page.url();
    // The bank's page opened in a new tab (a mail link, a password manager): the return lands there.
    const other = await context.newPage();
    await other.goto(consentUrl);
    await other.getByRole("button", { name: "Approve" }).click();
    await expect(other).toHaveURL(/\/oauth-return\?oauth_state_id=/);
    const link = linkFrame(other);
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    await link.getByRole("button", { name: "Continue" }).click();
    await expect(notifications(other)).toContainText(`${OAUTH_BANK} is connected.`);
  });

  test("another user signed in on the same browser cannot resume the first user's connection", async ({ page, context }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    // Before the bank answers, the first user's session is gone (cookies cleared, not signed out)
    // and someone else signs in on this browser, then lands on the return URL.
    const stateId = new URL(page.url()).searchParams.get("oauth_state_id") ?? "";
    const returnUrl = `/oauth-return?oauth_state_id=${stateId}`;
    await context.clearCookies();
    await page.goto("about:blank");
    await signUpNewUser(page);
    await page.goto(returnUrl);
    await expect(page.getByRole("alert").filter({ hasText: "started by someone else signed in on this browser" })).toBeVisible();
    await expect(page.locator('iframe[title="Plaid Link"]')).toHaveCount(0);
    expect(await storedLinkSession(page)).toBeNull();
    await page.goto("/settings");
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });

  test("signing out forgets the stored Link session", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    await leaveForOAuthConsent(page);
    await page.goto("/settings");
    expect(await storedLinkSession(page)).not.toBeNull();
    await signOut(page);
    expect(await storedLinkSession(page)).toBeNull();
  });
});

test.describe("OAuth bank in a phone's webview", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test.beforeEach(async ({ page }) => {
    await useWebviewOAuth(page);
  });

  test("connects from the overview at 390×844 and comes back to the overview", async ({ page }) => {
    await signUpNewUser(page);
    await leaveForOAuthConsent(page);
    await expectNoSidewaysScroll(page);
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page).toHaveURL(/\/oauth-return\?oauth_state_id=/);
    await expectNoSidewaysScroll(page);
    const link = linkFrame(page);
    // Measured once Link has reopened (its frame is not there the moment the page loads).
    await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
    const frame = await page.locator('iframe[title="Plaid Link"]').boundingBox();
    expect(frame?.width).toBeLessThanOrEqual(390);
    await link.getByRole("button", { name: "Continue" }).click();

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(notifications(page)).toContainText(`${OAUTH_BANK} is connected.`);
    await expectNoSidewaysScroll(page);
  });
});
