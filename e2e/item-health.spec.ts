import { BANK, connectFirstPlatypus, emulator, expect, newestEmulatorItem, signUpNewUser, test } from "./fixtures";
import { expectNoSidewaysScroll, linkFrame } from "./link-flows";
import { screenshotPath } from "./screenshot-path";
import type { Page } from "@playwright/test";

// What only a webhook can tell: PENDING_DISCONNECT (an institution's migration is invisible to
// /item/get) and ACCESS_NOT_GRANTED (a product's permission withheld at the bank), each with the
// update-mode button that fixes it.

const DISCONNECT_AT = "2031-05-14T12:00:00.000Z";
const REMINDER = "Reconnect before May 14, 2031";

/** Update mode at First Platypus Bank in the emulator's Link: sign in again. */
async function signInAgain(page: Page): Promise<void> {
  const link = linkFrame(page);
  await expect(link.getByRole("heading", { name: `Log in to ${BANK}` })).toBeVisible();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill("pass_good");
  await expect(link.getByLabel("Password")).toHaveValue("pass_good");
  await link.getByRole("button", { name: "Submit" }).click();
}

test.describe("connections that need the user before they break", () => {
  test("PENDING_DISCONNECT shows 'Reconnect before <date>' on the overview and the connection; reconnecting clears it", async ({ page }) => {
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    const { item_id: itemId } = await newestEmulatorItem();
    await emulator(`/__emulator/items/${itemId}/state`, { state: "pending_disconnect", reason: "INSTITUTION_MIGRATION", disconnect_time: DISCONNECT_AT });

    // The overview is rendered on the server: reload until the webhook's warning is in.
    const banner = page.getByRole("region", { name: "Connections that need you" }).getByRole("status").filter({ hasText: REMINDER });
    await expect(async () => {
      await page.reload();
      await expect(banner).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(banner).toContainText(`${BANK} is moving to a new way of connecting`);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoSidewaysScroll(page);
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme });
        await banner.screenshot({ path: screenshotPath(`pending-disconnect-banner-${width}-${colorScheme}.png`) });
      }
    }
    await page.emulateMedia({ colorScheme: "light" });

    await page.goto("/settings");
    const card = page.getByRole("article", { name: BANK });
    await expect(card.getByText("Reconnect needed")).toBeVisible();
    await expect(card.getByText(REMINDER)).toBeVisible();
    await card.screenshot({ path: screenshotPath("pending-disconnect-card-1280-light.png") });

    await card.getByRole("button", { name: `Reconnect ${BANK}` }).click();
    await signInAgain(page);
    await expect(card.getByText("Connected")).toBeVisible({ timeout: 30_000 });
    await expect(card.getByText(REMINDER)).toHaveCount(0);
    await page.goto("/dashboard");
    await expect(page.getByText(REMINDER)).toHaveCount(0);
  });

  test("ACCESS_NOT_GRANTED offers 'Grant access to transactions' without calling the connection revoked", async ({ page }) => {
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    const { item_id: itemId } = await newestEmulatorItem();
    await emulator(`/__emulator/items/${itemId}/withhold`, { product: "transactions" });
    await emulator(`/__emulator/items/${itemId}/transactions/add`, { transactions: [{ amount: 9.5, name: "Granted Later Deli" }] });

    await page.goto("/settings");
    const card = page.getByRole("article", { name: BANK });
    const grant = card.getByRole("button", { name: `Grant access to transactions at ${BANK}` });
    await expect(async () => {
      await page.reload();
      await expect(grant).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await expect(card.getByText("Connected")).toBeVisible();
    await expect(card.getByText("Access revoked")).toHaveCount(0);
    await card.screenshot({ path: screenshotPath("grant-access-card-1280-light.png") });

    await grant.click();
    await signInAgain(page);
    await expect(grant).toHaveCount(0, { timeout: 30_000 });
    await page.goto("/transactions");
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("Granted Later Deli").first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
  });
});
