import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { BANK, connectFirstPlatypus, emulator, expect, newestEmulatorItem, signUpNewUser, test } from "./fixtures";

async function expectAccessibleAndFitting(page: Page, label: string) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${label} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`), `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

test.describe("notifications", () => {
  test("a bank asking to sign in again (ITEM_LOGIN_REQUIRED webhook) shows in the bell; the centre marks it read", async ({ page }) => {
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    await page.goto("/settings");
    const card = page.getByRole("article", { name: BANK });
    await expect(card.getByText(/Last synced/)).toBeVisible({ timeout: 30_000 });
    const bell = page.getByRole("banner").getByTestId("notification-bell");
    // Start from a clear bell (the first sync may already have told of something else).
    await bell.click();
    await expect(page.getByRole("heading", { name: "Notifications", level: 1 })).toBeVisible();
    const markAll = page.getByRole("button", { name: "Mark all read" });
    if (await markAll.isVisible()) await markAll.click();
    await expect(page.getByTestId("notification").filter({ hasText: `Reconnect ${BANK}` })).toHaveCount(0);
    await page.goto("/settings");

    // The emulator's signed ITEM/ERROR webhook → refresh job reads /item/get → item and notification in one transaction.
    const { access_token: accessToken } = await newestEmulatorItem();
    await emulator("/sandbox/item/reset_login", { client_id: "emulator-client-id", secret: "emulator-secret", access_token: accessToken });
    await expect(card.getByRole("button", { name: `Reconnect ${BANK}` })).toBeVisible({ timeout: 30_000 });
    // The bell polls every 30 s: no reload needed.
    await expect(bell).toHaveAccessibleName(/^Notifications, \d+ unread$/, { timeout: 45_000 });
    await expect(bell.getByTestId("notification-count")).toHaveText(/^\d+$/);

    await bell.click();
    await expect(page).toHaveURL(/\/notifications$/);
    const item = page.getByTestId("notification").filter({ hasText: `Reconnect ${BANK}` });
    await expect(item).toBeVisible();
    await expect(item.getByText("(unread)")).toHaveCount(1);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await expectAccessibleAndFitting(page, `/notifications at ${width}`);
    }
    await expect(item.getByText(`${BANK} needs you to sign in again`)).toBeVisible();
    await page.getByRole("button", { name: "Mark all read" }).click();
    await expect(page.getByText("All caught up.")).toBeVisible();
    await expect(bell).toHaveAccessibleName("Notifications");
    await expect(bell.getByTestId("notification-count")).toHaveCount(0);
  });

  test("Settings lists each kind with in-app, email and digest choices, and keeps a change", async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
    const section = page.getByRole("region", { name: "Notifications" });
    // No SMTP_URL on this server: email choices are off and say why.
    await expect(section.getByText("notifications appear in the app only")).toBeVisible();
    const inApp = section.getByRole("checkbox", { name: "Unusually large transaction: In the app" });
    await expect(inApp).toBeChecked();
    await expect(section.getByRole("checkbox", { name: "Bill due soon: Email" })).toBeDisabled();
    // Settings hydrates after its first paint, and a click before that is lost on a busy machine:
    // try again until the click takes.
    await expect(async () => {
      await inApp.uncheck({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(inApp).not.toBeChecked();
    await expect(inApp).toBeEnabled();
    await page.reload();
    await expect(page.getByRole("region", { name: "Notifications" }).getByRole("checkbox", { name: "Unusually large transaction: In the app" })).not.toBeChecked();
    for (const width of [360, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await expectAccessibleAndFitting(page, `/settings at ${width}`);
    }
  });
});
