import { BANK, connectFirstPlatypus, emulator, expect, newestEmulatorItem, signUpNewUser, test } from "./fixtures";
import { expectNoAxeViolations, expectNoSidewaysScroll, holdHistoryPhases } from "./link-flows";
import { screenshotPath } from "./screenshot-path";


test.describe("recurring payments", () => {
  let restoreTiming: (() => Promise<void>) | null = null;
  test.afterEach(async () => {
    await restoreTiming?.();
    restoreTiming = null;
  });

  test("without a bank the page says what to do", async ({ page }) => {
    await signUpNewUser(page);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Recurring" }).click();
    await expect(page).toHaveURL(/\/recurring$/);
    await expect(page.getByRole("heading", { name: "Recurring", level: 1 })).toBeVisible();
    await expect(page.getByText("No banks connected")).toBeVisible();
    await expect(page.getByRole("link", { name: "Connect a bank in Settings" })).toBeVisible();
  });

  test("says the bank is still importing, then shows bills with their next date and amount, the monthly total and income once the full history is in; fits 390 and 360 px and passes axe", async ({ page }) => {
    test.setTimeout(120_000);
    restoreTiming = await holdHistoryPhases();
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    await page.goto("/recurring");
    await expect(page.getByRole("status").filter({ hasText: `Still importing ${BANK}.` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No recurring payments found" })).toBeVisible();

    const { item_id: itemId } = await newestEmulatorItem();
    await emulator(`/__emulator/items/${itemId}/history`, {});

    const bills = page.getByRole("list", { name: "Bills and subscriptions" });
    await expect(bills.getByRole("listitem").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(`Still importing ${BANK}.`)).toHaveCount(0);
    for (const merchant of ["Netflix", "Spotify"]) {
      const row = bills.getByRole("listitem").filter({ hasText: merchant });
      await expect(row).toContainText(/Next \w{3} \d{1,2}, \d{4}/);
      await expect(row).toContainText(/\$[\d,]+\.\d{2}/);
      await expect(row).toContainText("Monthly");
    }
    await expect(page.getByTestId("recurring-total-USD")).toContainText(/\$[\d,]+\.\d{2}/);
    const income = page.getByRole("list", { name: "Income" });
    await expect(income.getByRole("listitem").first()).toContainText(/\+\$[\d,]+\.\d{2}/);
    await expect(income.getByRole("listitem").first()).toContainText("Every 2 weeks");

    await expectNoAxeViolations(page, "/recurring");
    await page.screenshot({ path: screenshotPath("recurring-1280.png"), fullPage: true });
    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      await expect(bills).toBeVisible();
      await expectNoSidewaysScroll(page);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page, "/recurring at 390 px");
    await page.screenshot({ path: screenshotPath("recurring-390.png"), fullPage: true });
  });

  test("the overview lists what is due in the next 7 days and flags an overdue card; the card's page shows its APRs, statement and payments", async ({ page }) => {
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    await expect(page.getByRole("region", { name: "Upcoming in the next 7 days" })).toBeVisible();

    const { item_id: itemId, accounts } = (await emulator(`/__emulator/items/${(await newestEmulatorItem()).item_id}`)) as {
      item_id: string;
      accounts: { account_id: string; name: string }[];
    };
    const creditCard = accounts.find((account) => account.name === "Plaid Credit Card");
    if (!creditCard) throw new Error("the item has no credit card");
    await emulator(`/__emulator/items/${itemId}/liabilities`, { account_id: creditCard.account_id, changes: { is_overdue: true, minimum_payment_amount: 35 } });

    // The app fetches liabilities on the webhook; a liabilities-only change moves no sync status, so
    // an open overview does not refresh by itself: reload until the fetch has landed.
    const overdue = page.getByRole("region", { name: "Overdue payments" });
    await expect(async () => {
      await page.reload();
      await expect(overdue).toContainText("Plaid Credit Card ••3333 at First Platypus Bank is overdue: minimum payment $35.00", { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await overdue.getByRole("link", { name: "View Plaid Credit Card" }).click();

    const details = page.getByRole("region", { name: "Card details" });
    await expect(details.getByText("Overdue", { exact: true })).toBeVisible();
    await expect(details.getByText("Minimum payment")).toBeVisible();
    await expect(details.getByText("$35.00")).toBeVisible();
    await expect(details.getByText("Purchases")).toBeVisible();
    await expect(details.getByText("12.5%")).toBeVisible();
    await expect(details.getByText("Last statement balance")).toBeVisible();

    // A checking account has no card or loan details, and says nothing about them.
    await page.getByRole("link", { name: "Accounts", exact: true }).first().click();
    await page.getByRole("link", { name: "Plaid Checking" }).click();
    await expect(page.getByRole("region", { name: "Balances" })).toBeVisible();
    await expect(page.getByRole("region", { name: /details$/ })).toHaveCount(0);
  });
});
