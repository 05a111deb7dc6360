import type { Page } from "@playwright/test";
import { BANK, connectFirstPlatypus, emulator, expect, newestEmulatorItem as newestItem, signUpNewUser, test } from "./fixtures";

/** Connects from the overview, then shows the bank's card on Settings. */
async function connectBank(page: Page) {
  await connectFirstPlatypus(page);
  await page.goto("/settings");
  await expect(page.getByRole("article", { name: BANK })).toBeVisible();
}

const recent = (page: Page) => page.getByRole("region", { name: "Recent transactions" });

test.describe("webhook-driven sync", () => {
  test("transactions appear by themselves after connecting, and new ones follow their webhook", async ({ page }) => {
    await signUpNewUser(page);
    await connectBank(page);
    // No reload anywhere: the emulator's signed SYNC_UPDATES_AVAILABLE → verified → queued → synced → polled.
    await expect(page.getByRole("article", { name: BANK }).getByText(/Last synced/)).toBeVisible({ timeout: 30_000 });
    await page.getByRole("link", { name: "Overview" }).click();
    const rows = recent(page).getByRole("listitem");
    await expect(rows.first()).toBeVisible({ timeout: 30_000 });
    await expect(rows.first().getByText(/^[−+]\$[\d,]+\.\d{2}$/)).toBeVisible();

    const { item_id: itemId } = await newestItem();
    const today = new Date().toISOString().slice(0, 10);
    await emulator(`/__emulator/items/${itemId}/transactions/add`, {
      transactions: [{ amount: 4.2, name: "Webhook Coffee Roasters", date: today, pending: true }],
    });
    const fresh = recent(page).getByRole("listitem", { name: /Webhook Coffee Roasters/ });
    await expect(fresh).toBeVisible({ timeout: 30_000 });
    await expect(fresh.getByText("Pending")).toBeVisible();
    await expect(fresh.getByText("−$4.20")).toBeVisible();
  });

  test("a login reset at the bank shows Reconnect; update mode makes it healthy and synced again", async ({ page }) => {
    await signUpNewUser(page);
    await connectBank(page);
    await expect(page.getByRole("article", { name: BANK }).getByText(/Last synced/)).toBeVisible({ timeout: 30_000 });

    const { access_token: accessToken, item_id: itemId } = await newestItem();
    // ITEM/ERROR ITEM_LOGIN_REQUIRED arrives as a webhook; the app reads /item/get and updates the card.
    await emulator("/sandbox/item/reset_login", { client_id: "emulator-client-id", secret: "emulator-secret", access_token: accessToken });
    const card = page.getByRole("article", { name: BANK });
    const reconnect = card.getByRole("button", { name: `Reconnect ${BANK}` });
    await expect(reconnect).toBeVisible({ timeout: 30_000 });
    await expect(card.getByText("Needs sign-in")).toBeVisible();

    await reconnect.click();
    const link = page.frameLocator('iframe[title="Plaid Link"]');
    await expect(link.getByRole("heading", { name: `Log in to ${BANK}` })).toBeVisible();
    await link.getByLabel("Username").fill("user_good");
    await link.getByLabel("Password").fill("pass_good");
    await link.getByRole("button", { name: "Submit" }).click();

    await expect(card.getByText("Connected")).toBeVisible({ timeout: 30_000 });
    await expect(reconnect).toHaveCount(0);
    // Synced after the repair: a transaction added while it was broken shows up.
    await emulator(`/__emulator/items/${itemId}/transactions/add`, { transactions: [{ amount: 7, name: "After Repair Bakery" }] });
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(recent(page).getByRole("listitem", { name: /After Repair Bakery/ })).toBeVisible({ timeout: 30_000 });
  });
  test("new accounts at the bank are offered through update mode, and the offer goes once taken", async ({ page }) => {
    await signUpNewUser(page);
    await connectBank(page);
    const { item_id: itemId } = await newestItem();
    await emulator(`/__emulator/items/${itemId}/webhook`, { webhook_type: "ITEM", webhook_code: "NEW_ACCOUNTS_AVAILABLE" });

    const card = page.getByRole("article", { name: BANK });
    const addAccounts = card.getByRole("button", { name: `Add new accounts from ${BANK}` });
    await expect(addAccounts).toBeVisible({ timeout: 30_000 });
    await expect(card.getByText("has new accounts you can add")).toBeVisible();

    await addAccounts.click();
    const link = page.frameLocator('iframe[title="Plaid Link"]');
    await link.getByLabel("Username").fill("user_good");
    await link.getByLabel("Password").fill("pass_good");
    await link.getByRole("button", { name: "Submit" }).click();

    await expect(addAccounts).toHaveCount(0, { timeout: 30_000 });
    await expect(card.getByText("has new accounts you can add")).toHaveCount(0);
    await expect(card.getByText("Connected")).toBeVisible();
  });
});
