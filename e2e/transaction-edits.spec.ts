import type { Locator, Page } from "@playwright/test";
import { expect, notifications, signUpWithSyncedBank, test } from "./fixtures";
import { expectNoAxeViolations, expectNoSidewaysScroll } from "./link-flows";
import { screenshotPath } from "./screenshot-path";

const rows = (page: Page) => page.getByTestId("transaction-row");
const count = (page: Page) => page.getByTestId("transactions-count");
const dialog = (page: Page) => page.getByTestId("edit-dialog");

/** Waits until the rows and the count on screen belong to the URL's filters (not the previous ones). */
async function settled(page: Page) {
  await expect(count(page)).toHaveAttribute("data-stale", "false", { timeout: 30_000 });
  await expect(page.locator("table[aria-busy='true']")).toHaveCount(0);
}

async function categoryId(page: Page, name: string): Promise<string> {
  const value = await page
    .getByRole("region", { name: "Filters" })
    .getByLabel("Category")
    .locator("option", { hasText: new RegExp(`^${name}$`) })
    .getAttribute("value");
  if (!value) throw new Error(`no category ${name}`);
  return value;
}

/** A posted purchase (money out) the history will not move: the first such row of the page. */
async function aPurchase(page: Page, skip: string[] = []): Promise<{ row: Locator; id: string }> {
  const candidates = rows(page).filter({ hasText: "−" }).filter({ hasNotText: "Pending" });
  const total = await candidates.count();
  for (let index = 0; index < total; index++) {
    const row = candidates.nth(index);
    const id = (await row.getAttribute("data-id")) ?? "";
    if (!skip.includes(id)) return { row: page.locator(`[data-testid="transaction-row"][data-id="${id}"]`), id };
  }
  throw new Error("no purchase on the page");
}

/** "−$1,234.56" → 123456n: exact cents, as the split form wants them. */
const centsOf = (text: string) => BigInt(text.replace(/[^\d]/g, ""));
const asAmount = (cents: bigint) => `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;

test.describe("editing transactions", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("recategorise, hide, bulk edit and split from the explorer; totals follow; no axe violations", async ({ page }) => {
    test.setTimeout(240_000);
    await signUpWithSyncedBank(page);

    // A category of the person's own, from the categories page.
    await page.goto("/categories");
    await expect(page.getByTestId("category-row").first()).toBeVisible();
    await expect(page.getByTestId("category-list")).toContainText("Food and drink");
    await page.getByLabel("Name", { exact: true }).fill("Side project");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(notifications(page)).toContainText("Side project added.");
    // The same name again: the field says so and nothing is added.
    await page.getByLabel("Name", { exact: true }).fill("side project");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "You already have a category called" })).toBeVisible();
    await expectNoAxeViolations(page, "categories");
    await page.screenshot({ path: screenshotPath("categories-1280.png"), fullPage: true });

    await page.goto("/transactions");
    await settled(page);
    const side = await categoryId(page, "Side project");

    // Recategorise and rename one purchase.
    const { row, id } = await aPurchase(page);
    await row.getByRole("button", { name: /^Edit / }).click();
    await expect(dialog(page).getByLabel("Category")).toBeVisible();
    await dialog(page).getByLabel("Category").selectOption({ label: "Side project" });
    await dialog(page).getByLabel("Name to show").fill("Printer ink for the project");
    await dialog(page).getByLabel("Tags").fill("work, q4");
    await expectNoAxeViolations(page, "edit dialog");
    await page.screenshot({ path: screenshotPath("transaction-edit-1280.png") });
    await dialog(page).getByRole("button", { name: "Save", exact: true }).click();
    // A manual recategorisation offers a rule for the merchant.
    await expect(dialog(page).getByTestId("rule-offer")).toContainText("Always put");
    await dialog(page).getByRole("button", { name: "Not now" }).click();
    await expect(dialog(page)).toBeHidden();
    await expect(row).toContainText("Printer ink for the project");
    await expect(row).toContainText("Side project");
    await expect(row).toContainText("#q4 #work");

    await page.goto(`/transactions?category=${side}`);
    await settled(page);
    await expect(count(page)).toHaveText("1 transaction");

    // Hide it from reports: still listed, no longer counted.
    await rows(page).first().getByRole("button", { name: /^Edit / }).click();
    await dialog(page).getByLabel(/Hide from reports/).check();
    await dialog(page).getByRole("button", { name: "Save", exact: true }).click();
    await expect(dialog(page)).toBeHidden();
    await expect(rows(page).first()).toContainText("Hidden from reports");
    await settled(page);
    await expect(count(page)).toHaveText("0 transactions");
    await expect(rows(page)).toHaveCount(1);

    // Bulk: three rows into the category, then a tag on all matching a search.
    await page.goto("/transactions");
    await settled(page);
    // Three rows other than the hidden one.
    const bulkIds = (await rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute("data-id") ?? ""))).filter((other) => other !== id).slice(0, 3);
    for (const other of bulkIds) await page.locator(`[data-testid="transaction-row"][data-id="${other}"]`).getByRole("checkbox").check();
    await expect(page.getByTestId("bulk-count")).toHaveText("3 selected");
    const bar = page.getByTestId("bulk-bar");
    await bar.getByLabel("Category").selectOption({ label: "Side project" });
    await bar.getByRole("button", { name: "Set category" }).click();
    await expect(notifications(page)).toContainText("3 transactions updated.");
    await page.goto(`/transactions?category=${side}`);
    await settled(page);
    // The hidden one is listed but not counted.
    await expect(rows(page)).toHaveCount(4);
    await expect(count(page)).toHaveText("3 transactions");

    await page.getByRole("checkbox", { name: "Select every transaction on this page" }).check();
    await expect(page.getByTestId("bulk-count")).toHaveText("4 selected");
    await bar.getByLabel("Tag").fill("reimbursable");
    await bar.getByRole("button", { name: "Add tag" }).click();
    await expect(notifications(page)).toContainText("4 transactions updated.");
    await expect(rows(page).filter({ hasText: "#reimbursable" })).toHaveCount(4);

    // Split another purchase in two: a wrong sum is refused with the difference, the right one saved.
    await page.goto("/transactions");
    await settled(page);
    const purchase = await aPurchase(page, [id, ...bulkIds]);
    const total = centsOf((await purchase.row.getByTestId("transaction-amount").textContent()) ?? "");
    await purchase.row.getByRole("button", { name: /^Edit / }).click();
    await dialog(page).getByRole("button", { name: "Split this transaction" }).click();
    const half = total / 2n;
    await dialog(page).getByLabel("Part 1 category").selectOption({ label: "Side project" });
    await dialog(page).getByLabel("Part 1 amount").fill(asAmount(half));
    await dialog(page).getByLabel("Part 2 category").selectOption({ label: "Food and drink" });
    await dialog(page).getByLabel("Part 2 amount").fill(asAmount(total - half - 1n));
    await expect(dialog(page).getByTestId("split-left")).toHaveText("0.01 left to assign.");
    await dialog(page).getByRole("button", { name: "Save split" }).click();
    await expect(dialog(page).getByText(/The parts add up to .*: add 0\.01\./)).toBeVisible();
    await dialog(page).getByLabel("Part 2 amount").fill(asAmount(total - half));
    await expect(dialog(page).getByTestId("split-left")).toHaveText("The parts add up to the transaction.");
    await dialog(page).getByRole("button", { name: "Save split" }).click();
    await expect(notifications(page)).toContainText("Split saved.");
    await page.keyboard.press("Escape");
    await expect(dialog(page)).toBeHidden();
    await expect(purchase.row).toContainText("Split");
    // Reports count the part in Side project, not the whole purchase.
    await page.goto(`/transactions?category=${side}`);
    await settled(page);
    await expect(count(page)).toHaveText("4 transactions");
    await expectNoAxeViolations(page, "transactions with edits");
    await page.screenshot({ path: screenshotPath("transaction-edits-1280.png"), fullPage: true });
  });

  test("at 390 px the explorer, the bulk bar and the edit dialog fit the screen", async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await signUpWithSyncedBank(page);
    await page.goto("/transactions");
    await settled(page);
    await rows(page).first().getByRole("checkbox").check();
    await expect(page.getByTestId("bulk-bar")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "explorer with selection, 390 px");
    await page.screenshot({ path: screenshotPath("transaction-bulk-390.png") });
    await rows(page).first().getByRole("button", { name: /^Edit / }).click();
    await dialog(page).getByRole("button", { name: "Split this transaction" }).click();
    await expect(dialog(page).getByLabel("Part 2 amount")).toBeVisible();
    await expectNoSidewaysScroll(page);
    await page.screenshot({ path: screenshotPath("transaction-edit-390.png") });
    await page.goto("/categories");
    await expect(page.getByTestId("category-row").first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "categories, 390 px");
  });
});
