import type { Page } from "@playwright/test";
import { expect, formAlert, notifications, signUpWithSyncedBank, tabTo, test } from "./fixtures";
import { expectNoAxeViolations, expectNoSidewaysScroll } from "./link-flows";
import { screenshotPath } from "./screenshot-path";

const count = (page: Page) => page.getByTestId("transactions-count");

/** The explorer's count for one of the user's categories (its id), once the page shows that filter's answer. */
async function countInCategory(page: Page, categoryId: string): Promise<number> {
  await page.goto(`/transactions?category=${categoryId}`);
  await expect(count(page)).toHaveAttribute("data-stale", "false", { timeout: 30_000 });
  await expect(page.locator("table[aria-busy='true']")).toHaveCount(0);
  return Number(await count(page).getAttribute("data-count"));
}

async function optionValue(page: Page, label: string, option: string): Promise<string> {
  const value = await page
    .getByRole("form", { name: "New rule" })
    .getByLabel(label)
    .locator("option", { hasText: new RegExp(`^${option}$`) })
    .getAttribute("value");
  if (!value) throw new Error(`no option ${option}`);
  return value;
}

test.describe("rules", () => {
  test("a rule is made with a live match count, previews how many past transactions it changes, applies, and the transactions list shows the new category", async ({ page }) => {
    test.setTimeout(180_000);
    await signUpWithSyncedBank(page);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Rules" }).click();
    await expect(page).toHaveURL(/\/rules$/);
    await expect(page.getByRole("heading", { name: "Rules", level: 1 })).toBeVisible();
    await expect(page.getByText("No rules yet.")).toBeVisible();
    const food = await optionValue(page, "Set category", "Food and drink");
    const fun = await optionValue(page, "Set category", "Entertainment");

    const foodBefore = await countInCategory(page, food);
    const funBefore = await countInCategory(page, fun);
    expect(foodBefore).toBeGreaterThan(0);

    await page.goto("/rules");
    const form = page.getByRole("form", { name: "New rule" });
    await form.getByLabel("Match on").selectOption({ label: "Plaid category" });
    await form.getByLabel("Plaid category", { exact: true }).fill("FOOD_AND_DRINK");
    await expect(form.getByText(`Matches ${foodBefore.toLocaleString("en-US")} of your transactions now.`)).toBeVisible();
    await form.getByLabel("Set category").selectOption({ label: "Entertainment" });

    // No name: the server's message shows under the field and nothing is saved.
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(formAlert(page, /Enter a name/)).toBeVisible();
    await expect(form.getByLabel("Rule name")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("rule-row")).toHaveCount(0);

    await form.getByLabel("Rule name").fill("Food is fun");
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(notifications(page)).toContainText("Rule saved.");
    const row = page.getByTestId("rule-row").filter({ hasText: "Food is fun" });
    await expect(row).toContainText("When Plaid primary category is food and drink");
    await expect(row).toContainText("Then set category to Entertainment");

    // Preview first: exactly the food transactions would change.
    const apply = page.getByRole("button", { name: `Apply to ${foodBefore.toLocaleString("en-US")} past transactions` });
    await expect(apply).toBeEnabled();
    await expectNoAxeViolations(page, "/rules");
    await page.screenshot({ path: screenshotPath("rules-1280.png"), fullPage: true });

    // By keyboard: Edit opens the rule in the form, focus on its heading.
    await tabTo(page, row.getByRole("button", { name: "Edit Food is fun" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Edit “Food is fun”" })).toBeFocused();
    await page.getByRole("button", { name: "Cancel" }).click();

    await apply.click();
    await expect(notifications(page)).toContainText(`Rules applied: ${foodBefore.toLocaleString("en-US")} past transactions changed.`);
    await expect(page.getByText("Your past transactions already follow your rules.")).toBeVisible();

    expect(await countInCategory(page, food)).toBe(0);
    expect(await countInCategory(page, fun)).toBe(funBefore + foodBefore);
  });

  test("the Rules page fits 360 px in both colour schemes", async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 360, height: 780 });
    await signUpWithSyncedBank(page);
    await page.goto("/rules");
    const form = page.getByRole("form", { name: "New rule" });
    await form.getByLabel("Text (any case)").fill("coffee");
    await form.getByRole("button", { name: "Add a condition" }).click();
    await form.getByLabel("Match on").nth(1).selectOption({ label: "Amount" });
    await form.getByLabel("Rule name").fill("Small coffees");
    await form.getByLabel("Add tags").fill("coffee, treats");
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByTestId("rule-row")).toHaveCount(0);
    await expect(formAlert(page, /Enter a minimum, a maximum or both/)).toBeVisible();
    await form.getByLabel("At most").fill("8");
    await form.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByTestId("rule-row")).toHaveCount(1);
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "/rules at 360 px");
    await page.screenshot({ path: screenshotPath("rules-360.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: screenshotPath("rules-360-dark.png"), fullPage: true });
  });
});
