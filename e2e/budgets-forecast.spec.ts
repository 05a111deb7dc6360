import { emulator, expect, formAlert, newestEmulatorItem, notifications, signUpWithSyncedBank, tabTo, test } from "./fixtures";
import { expectNoAxeViolations, expectNoSidewaysScroll } from "./link-flows";
import { screenshotPath } from "./screenshot-path";

const money = String.raw`−?\$[\d,]+\.\d{2}`;

test.describe("budgets and the cash forecast", () => {
  test("a budget shows its progress and pace on the Budgets page and the overview; the forecast calls out its lowest point; both pages fit 390 px and pass axe in light and dark", async ({ page }) => {
    test.setTimeout(180_000);
    await signUpWithSyncedBank(page);
    // Recurring streams and card details arrive with the full history: ask for it now.
    const { item_id: itemId } = await newestEmulatorItem();
    await emulator(`/__emulator/items/${itemId}/history`, {});

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Budgets" }).click();
    await expect(page).toHaveURL(/\/budgets$/);
    await expect(page.getByRole("heading", { name: "Budgets", level: 1 })).toBeVisible();
    await expect(page.getByText("No budgets yet.")).toBeVisible();

    const form = page.getByRole("form", { name: "Add or change a budget" });
    await form.getByLabel("Category").selectOption({ label: "Food and drink" });
    // Three decimal places: the server's message shows under the field and nothing is saved.
    await form.getByLabel("Amount per month").fill("12.345");
    await form.getByRole("button", { name: "Save budget" }).click();
    await expect(formAlert(page, /at most 2 decimal places/)).toBeVisible();
    await expect(form.getByLabel("Amount per month")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByTestId("budget-row")).toHaveCount(0);

    await form.getByLabel("Amount per month").fill("250");
    await form.getByRole("button", { name: "Save budget" }).click();
    await expect(notifications(page)).toContainText("Budget saved.");
    const budgets = page.getByRole("list", { name: /^Budgets for / });
    const food = budgets.getByTestId("budget-row").filter({ hasText: "Food and drink" });
    await expect(food).toContainText(new RegExp(`${money} of \\$250\\.00`));
    await expect(food.getByTestId("budget-pace")).toHaveText(new RegExp(`^(On track|Over by ${money})$`));

    // A total budget, and rollover switched on for the food budget from its row.
    await form.getByLabel("Category").selectOption({ label: "Total spending (every category)" });
    await form.getByLabel("Amount per month").fill("3000.50");
    await form.getByRole("button", { name: "Save budget" }).click();
    await expect(budgets.getByTestId("budget-row").filter({ hasText: "Total spending" })).toContainText(new RegExp(`${money} of \\$3,000\\.50`));
    const rollover = food.getByRole("checkbox", { name: "Rollover for Food and drink (USD)" });
    await rollover.check();
    await expect(rollover).toBeChecked();
    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Rollover for Food and drink (USD)" })).toBeChecked();

    // By keyboard alone: change the food budget's amount from its row.
    await tabTo(page, page.getByRole("button", { name: "Change amount of Food and drink (USD)" }));
    await page.keyboard.press("Enter");
    const newAmount = page.getByLabel("New amount for Food and drink (USD)");
    await expect(newAmount).toBeVisible();
    await tabTo(page, newAmount);
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("300");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("budget-row").filter({ hasText: "Food and drink" })).toContainText(new RegExp(`${money} of \\$300\\.00`));

    await expectNoAxeViolations(page, "/budgets");
    await page.screenshot({ path: screenshotPath("budgets-1280.png"), fullPage: true });

    // The overview's card shows the same budgets with their bars and pace.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
    const card = page.getByRole("region", { name: "Budgets this month" });
    await expect(card.getByTestId("budget-row").filter({ hasText: "Food and drink" })).toContainText(new RegExp(`${money} of \\$300\\.00`));
    await expect(card.getByTestId("budget-row").filter({ hasText: "Total spending" }).getByTestId("budget-pace")).toHaveText(/^(On track|Over by .+)$/);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Forecast" }).click();
    await expect(page).toHaveURL(/\/forecast$/);
    const lowest = page.getByTestId("forecast-lowest");
    await expect(lowest).toHaveText(new RegExp(`^Lowest: ${money} on \\w{3} \\d{1,2}$`));
    // The bank's bills and income come with its full history: reload until they are in the list.
    const events = page.getByRole("list", { name: "Expected income and payments" });
    await expect(async () => {
      await page.reload();
      await expect(events.getByRole("listitem").first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 60_000 });
    // Pay days come in; bills paid from checking and the card's minimum payment go out (a card's own
    // subscriptions reach cash through that payment, so they are not listed twice).
    await expect(events.getByRole("listitem").filter({ hasText: "Income" }).first()).toContainText(new RegExp(`\\+${money}`));
    await expect(events.getByRole("listitem").filter({ hasText: "Card minimum payment" }).first()).toContainText("Plaid Credit Card");
    await page.getByRole("button", { name: "90 days" }).click();
    await expect(page.getByRole("button", { name: "90 days" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("heading", { name: "Projected balance, next 90 days" })).toBeVisible();
    await expect(lowest).toHaveText(new RegExp(`^Lowest: ${money} on \\w{3} \\d{1,2}$`));
    await page.getByText("Every day's projected balance as a table").click();
    await expect(page.getByRole("table")).toContainText(new RegExp(money));
    await expectNoAxeViolations(page, "/forecast");
    await page.screenshot({ path: screenshotPath("forecast-1280.png"), fullPage: true });

    for (const width of [390, 360]) {
      await page.setViewportSize({ width, height: 844 });
      await expect(lowest).toBeVisible();
      await expectNoSidewaysScroll(page);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    await expectNoAxeViolations(page, "/forecast at 390 px");
    await page.screenshot({ path: screenshotPath("forecast-390.png"), fullPage: true });
    await page.goto("/budgets");
    await expect(page.getByTestId("budget-row").first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectNoAxeViolations(page, "/budgets at 390 px");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: screenshotPath("budgets-dark-390.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "light" });
  });
});
