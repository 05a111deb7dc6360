import { emulatorUrl, expect, formAlert, newestEmulatorItem, notifications, signIn, signUpNewUser, signUpWithSyncedBank, tabTo, test } from "./fixtures";

test.describe("settings", () => {
  test("changing the password by keyboard alone signs out another session and keeps this one", async ({ page, browser }) => {
    const user = await signUpNewUser(page);
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    await expect(otherPage).toHaveURL(/\/dashboard$/);

    await page.goto("/settings");
    const current = page.getByLabel("Current password");
    await tabTo(page, current);
    await page.keyboard.type("not my password");
    await page.keyboard.press("Tab");
    await page.keyboard.type("a brand new passphrase 42");
    await page.keyboard.press("Enter");
    await expect(formAlert(page, /current password is not right/)).toBeVisible();

    await current.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type(user.password);
    await page.keyboard.press("Enter");
    await expect(notifications(page)).toContainText("Password changed");

    // Each server process trusts a session-version check for up to 5 s (server/auth/session-version.ts).
    await expect(async () => {
      await otherPage.goto("/dashboard");
      await expect(otherPage).toHaveURL(/\/sign-in/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.goto("/accounts");
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
    await other.close();
  });

  test("deleting the account asks for the password, removes the bank at Plaid and signs out", async ({ page }) => {
    const user = await signUpWithSyncedBank(page);
    const { access_token: accessToken } = await newestEmulatorItem();
    await page.goto("/settings");
    await page.getByRole("button", { name: "Delete my account…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await dialog.getByLabel("Password").fill("wrong password here");
    await dialog.getByRole("button", { name: "Delete everything" }).click();
    await expect(dialog.getByRole("alert")).toContainText("not right");

    await dialog.getByLabel("Password").fill(user.password);
    await dialog.getByRole("button", { name: "Delete everything" }).click();
    await expect(page).toHaveURL(/\/sign-in/, { timeout: 20_000 });

    const response = await fetch(`${emulatorUrl()}/item/get`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ client_id: "emulator-client-id", secret: "emulator-secret", access_token: accessToken }),
    });
    expect(await response.json()).toMatchObject({ error_code: "ITEM_NOT_FOUND" });
    await signIn(page, user);
    await expect(formAlert(page, /don't match an account/)).toBeVisible();
  });

  test("a removed bank's data disappears from every view at once; kept data shows as disconnected, without Sync now", async ({ page }) => {
    await signUpWithSyncedBank(page);
    await page.goto("/settings");
    const card = page.getByRole("article", { name: "First Platypus Bank" });
    await expect(card.getByRole("button", { name: "Sync First Platypus Bank now" })).toBeVisible();
    await card.getByRole("button", { name: "Remove First Platypus Bank" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove and keep data" }).click();
    // At once: no waiting for the poll (the default 10 s expect timeout would hide a 7 s lag).
    await expect(card.getByText("Disconnected", { exact: true })).toBeVisible({ timeout: 2_000 });
    await expect(card.getByRole("button", { name: "Sync First Platypus Bank now" })).toHaveCount(0, { timeout: 2_000 });
    await page.goto("/accounts");
    await expect(page.getByText("Disconnected").first()).toBeVisible();

    await page.goto("/settings");
    await card.getByRole("button", { name: "Delete data of First Platypus Bank" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete data" }).click();
    await expect(page.getByText("No banks connected yet")).toBeVisible({ timeout: 2_000 });
    await page.getByRole("link", { name: "Overview" }).click();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });
});
