import { BANK, connectFirstPlatypus, expect, signUpNewUser, tabTo, test } from "./fixtures";

test.describe("overview", () => {
  test("an empty overview says what to do; after connecting it shows net worth, the month, categories, cash flow, accounts and recent transactions", async ({ page }) => {
    await signUpNewUser(page);
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
    await expect(page.getByText("No banks connected yet")).toBeVisible();

    await connectFirstPlatypus(page);
    // Balances arrive with the connection; transactions follow the first sync, with no reload.
    const netWorth = page.getByRole("region", { name: "Net worth" });
    await expect(netWorth.getByTestId("net-worth-USD")).toContainText(/\$[\d,]+\.\d{2}/);
    await expect(netWorth.getByText("Debts", { exact: true })).toBeVisible();
    const recent = page.getByRole("region", { name: "Recent transactions" });
    await expect(recent.getByRole("listitem").first()).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Importing your transactions/)).toHaveCount(0);

    await expect(page.getByRole("region", { name: "Spending by category" })).toBeVisible();
    const cashFlow = page.getByRole("region", { name: "Cash flow, 12 months" });
    await expect(cashFlow.locator("svg")).toBeVisible();
    await expect(cashFlow.getByRole("table")).toHaveCount(1);
    await expect(cashFlow.getByRole("row")).toHaveCount(13);
    const accounts = page.getByRole("region", { name: "Accounts" });
    await expect(accounts.getByRole("heading", { name: "Cash" })).toBeVisible();
    await expect(accounts.getByRole("heading", { name: "Credit cards" })).toBeVisible();
    await expect(accounts.getByText(BANK).first()).toBeVisible();
    // A credit card's balance is a debt: shown negative.
    const card = accounts.getByRole("heading", { name: "Credit cards" }).locator("xpath=following-sibling::ul[1]");
    await expect(card.getByText(/^−\$[\d,]+\.\d{2}$/).first()).toBeVisible();
  });

  test("is usable by keyboard alone: skip link, navigation, and links into accounts", async ({ page }) => {
    await signUpNewUser(page);
    await connectFirstPlatypus(page);
    await page.goto("/dashboard");
    await expect(page.getByRole("region", { name: "Recent transactions" }).getByRole("listitem").first()).toBeVisible({ timeout: 30_000 });

    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await expect(skip).toBeInViewport();
    // The focus ring is strong: a solid outline at least 3 px wide.
    const ring = await skip.evaluate((element) => getComputedStyle(element).outlineWidth);
    expect(Number.parseFloat(ring)).toBeGreaterThanOrEqual(3);

    const allAccounts = page.getByRole("link", { name: "All accounts" });
    await tabTo(page, allAccounts);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/accounts$/);
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();

    await tabTo(page, page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});
