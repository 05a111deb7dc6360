import { expect, signUpWithSyncedBank, tabTo, test } from "./fixtures";

test.describe("accounts", () => {
  test("lists accounts by type with their bank, and an account page shows balances, history, its transactions and, on request, masked owners", async ({ page }) => {
    await signUpWithSyncedBank(page);
    await page.goto("/accounts");
    await expect(page.getByRole("region", { name: "Cash" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Loans" })).toBeVisible();
    const checking = page.getByRole("link", { name: "Plaid Checking" });
    await expect(checking).toBeVisible();

    // Keyboard alone from here.
    await tabTo(page, checking);
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
    const accountId = page.url().split("/").at(-1) ?? "";
    await expect(page.getByRole("heading", { name: "Plaid Checking", level: 1 })).toBeVisible();
    await expect(page.getByText("First Platypus Bank").first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Balances" }).getByText(/\$[\d,]+\.\d{2}/).first()).toBeVisible();
    // Today's snapshot was recorded when the balances were saved.
    await expect(page.getByRole("region", { name: "Balance history" })).toBeVisible();
    const transactions = page.getByRole("region", { name: "Recent transactions" });
    await expect(transactions.getByRole("listitem").first()).toBeVisible();
    await expect(page.getByRole("link", { name: "All transactions of this account" })).toHaveAttribute("href", `/transactions?account=${accountId}`);

    const identity = page.getByRole("region", { name: "Account holders" });
    await expect(identity.getByText("does not store them")).toBeVisible();
    const show = identity.getByRole("button", { name: "Show account holders" });
    await tabTo(page, show);
    await page.keyboard.press("Enter");
    const owners = identity.getByRole("list", { name: "Owners" });
    await expect(owners).toBeVisible();
    // Masked first: no full email address on screen.
    await expect(owners).not.toContainText(/[a-z0-9]{3,}@/);
    await expect(owners).toContainText("••");
    const reveal = identity.getByRole("button", { name: "Reveal details" });
    await tabTo(page, reveal);
    await page.keyboard.press("Enter");
    await expect(owners).toContainText(/[a-z0-9]{3,}@[a-z.]+/);
    await expect(identity.getByRole("button", { name: "Hide details" })).toHaveAttribute("aria-pressed", "true");
  });

  test("an unknown account id answers the branded not-found page with a way back", async ({ page }) => {
    await signUpWithSyncedBank(page);
    await page.goto("/accounts/00000000-0000-4000-8000-000000000000");
    await expect(page.getByRole("heading", { name: "Account not found" })).toBeVisible();
    await page.goto("/accounts/not-a-uuid");
    await expect(page.getByRole("heading", { name: "We couldn't find that page" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to your overview" })).toBeVisible();
  });
});
