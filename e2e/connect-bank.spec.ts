import type { Page } from "@playwright/test";
import { expect, notifications, signUpNewUser, test } from "./fixtures";

const BANK = "First Platypus Bank";

/** Connections live on Settings. */
async function signUpToSettings(page: Page) {
  await signUpNewUser(page);
  await page.goto("/settings");
}

/** Drives the emulator's Link modal: pick the bank, sign in, keep every account, continue. */
async function linkBank(page: Page, options: { password?: string } = {}) {
  await page.getByRole("button", { name: "Connect a bank" }).click();
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await link.getByLabel("Search institutions").fill("Platypus");
  await link.getByRole("button", { name: BANK }).click();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill(options.password ?? "pass_good");
  await link.getByRole("button", { name: "Submit" }).click();
  return link;
}

async function finishAccounts(page: Page) {
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await expect(link.getByRole("checkbox").first()).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
}

test.describe("connecting a bank", () => {
  test("connects a bank through Link and shows its accounts and balances; the same bank again is refused", async ({ page }) => {
    await signUpToSettings(page);
    await expect(page.getByText("No banks connected yet")).toBeVisible();

    await linkBank(page);
    await finishAccounts(page);

    await expect(notifications(page)).toContainText(`${BANK} is connected.`);
    // Never all at once: the button is back to idle and the empty text is gone as the message shows.
    await expect(page.getByRole("button", { name: "Connect a bank" })).toBeEnabled();
    await expect(page.getByText("No banks connected yet")).toHaveCount(0);
    // The success message goes away by itself.
    await expect(notifications(page)).not.toContainText(`${BANK} is connected.`, { timeout: 15_000 });
    const card = page.getByRole("article", { name: BANK });
    await expect(card).toBeVisible();
    await expect(card.getByText("Connected")).toBeVisible();
    await expect(card.getByRole("listitem").first()).toContainText("••");
    // Balances are rendered by Intl.NumberFormat in the account's currency (USD in the sandbox).
    await expect(card.getByText(/^-?\$[\d,]+\.\d{2}$/).first()).toBeVisible();
    await expect(page.getByText("No banks connected yet")).toHaveCount(0);

    await card.getByRole("button", { name: `Refresh balances for ${BANK}` }).click();
    await expect(card.getByRole("button", { name: `Refresh balances for ${BANK}` })).toBeEnabled();
    await expect(card.getByRole("alert")).toHaveCount(0);

    await linkBank(page);
    await finishAccounts(page);
    const refusal = notifications(page).locator('[data-tone="warning"]');
    await expect(refusal).toHaveText(new RegExp(`already connected.*${BANK}`));
    await expect(page.getByRole("article", { name: BANK })).toHaveCount(1);
  });

  test("a wrong bank password shows Link's error and stores nothing", async ({ page }) => {
    await signUpToSettings(page);
    const link = await linkBank(page, { password: "not-the-password" });
    await expect(link.getByRole("alert")).toContainText("The credentials you provided were incorrect");
    await link.getByRole("button", { name: "Close" }).click();
    await expect(page.locator('iframe[title="Plaid Link"]')).toBeHidden();
    await expect(page.getByRole("button", { name: "Connect a bank" })).toBeEnabled();
    await page.reload();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });

  test("removes a bank after confirming, deleting its data", async ({ page }) => {
    await signUpToSettings(page);
    await linkBank(page);
    await finishAccounts(page);
    const card = page.getByRole("article", { name: BANK });
    await expect(card).toBeVisible();

    await card.getByRole("button", { name: `Remove ${BANK}` }).click();
    const dialog = page.getByRole("dialog", { name: `Remove ${BANK}?` });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toBeVisible();

    await card.getByRole("button", { name: `Remove ${BANK}` }).click();
    await dialog.getByRole("button", { name: "Remove and delete data" }).click();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
    await page.reload();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });
});
