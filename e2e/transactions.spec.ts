import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import type { Locator, Page } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import { expect, signUpNewUser, test } from "./fixtures";
import { screenshotPath } from "./screenshot-path";

const BANK = "First Platypus Bank";

/** Connects First Platypus from the overview as a sandbox user (user_transactions_10k: 10,000 rows). */
async function connectBank(page: Page, username: string) {
  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Connect a bank" }).first().click();
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await link.getByLabel("Search institutions").fill("Platypus");
  await link.getByRole("button", { name: BANK }).click();
  await link.getByLabel("Username").fill(username);
  await link.getByLabel("Password").fill("pass_good");
  await link.getByRole("button", { name: "Submit" }).click();
  await expect(link.getByRole("checkbox").first()).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
  await expect(page.locator('iframe[title="Plaid Link"]')).toBeHidden({ timeout: 20_000 });
}

const rows = (page: Page) => page.getByTestId("transaction-row");
const count = (page: Page) => page.getByTestId("transactions-count");
const ids = (page: Page) => rows(page).evaluateAll((elements) => elements.map((element) => element.getAttribute("data-id") ?? ""));
const shownCount = async (page: Page) => Number(await count(page).getAttribute("data-count"));

/** Waits until the rows and the count on screen belong to the URL's filters (not the previous ones). */
async function settled(page: Page) {
  await expect(count(page)).toHaveAttribute("data-stale", "false");
  await expect(page.locator("table[aria-busy='true']")).toHaveCount(0);
}

async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

async function expectNoAxeViolations(page: Page) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => `${colorScheme}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Reads a number out of "−$1,234.56" / "+$4.20" as the screen shows it (money out negative). */
const screenAmount = (text: string) => Number(text.replace(/[^\d.+−-]/g, "").replace("−", "-").replace(/(?<=.)[+-]/g, ""));

test.describe("transactions explorer at 1280×800", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("filters, searches, sorts and pages through 10,000 transactions; the CSV export matches the screen", async ({ page }) => {
    test.setTimeout(180_000);
    await signUpNewUser(page);
    await connectBank(page, "user_transactions_10k");
    await page.goto("/transactions");
    await expect(count(page)).toHaveText("10,000 transactions", { timeout: 90_000 });
    await expect(rows(page)).toHaveCount(50);
    await expect(rows(page).first()).toContainText(BANK);

    // Keyset pages: next, next, previous, and browser back all land on the same rows.
    const first = await ids(page);
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/after=.*page=2/);
    await expect.poll(() => ids(page)).not.toEqual(first);
    const second = await ids(page);
    expect(second.filter((id) => first.includes(id))).toEqual([]);
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=3/);
    await expect(page.getByText("Rows 101–150")).toBeVisible();
    await expect.poll(() => ids(page)).not.toEqual(second);
    await page.getByRole("link", { name: "Previous page" }).click();
    await expect.poll(() => ids(page)).toEqual(second);
    await page.goBack();
    await page.goBack();
    await expect.poll(() => ids(page)).toEqual(second);
    await page.getByRole("link", { name: "First page" }).click();
    await expect.poll(() => ids(page)).toEqual(first);

    // Text search: the URL carries it, every row matches.
    await page.getByLabel("Search").fill("starbucks");
    await expect(page).toHaveURL(/q=starbucks/);
    await settled(page);
    await expect(count(page)).not.toHaveText("10,000 transactions");
    await expect(rows(page).first()).toBeVisible();
    for (const text of await rows(page).allInnerTexts()) expect(text.toLowerCase()).toContain("starbucks");

    // Category search as people write it finds Plaid's FOOD_AND_DRINK_* rows.
    await page.getByLabel("Search").fill("food and drink");
    await expect(page).toHaveURL(/q=food\+and\+drink/);
    await settled(page);
    await expect(rows(page).first()).toContainText("Food and drink");

    // Sort by amount: largest spending first.
    await page.getByLabel("Search").fill("");
    await expect(page).not.toHaveURL(/q=/);
    await page.getByLabel("Sort").selectOption("amount_desc");
    await expect(page).toHaveURL(/sort=amount_desc/);
    await settled(page);
    await expect.poll(async () => screenAmount(await rows(page).first().getByTestId("transaction-amount").innerText())).toBeLessThan(0);
    const amounts = (await rows(page).getByTestId("transaction-amount").allInnerTexts()).map(screenAmount);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));

    // Filters: back undoes the last one.
    // The user's own categories (ids), seeded from Plaid's primaries.
    await page.getByLabel("Category").selectOption({ label: "Food and drink" });
    const food = await page.getByLabel("Category").inputValue();
    await expect(page).toHaveURL(new RegExp(`category=${food}`));
    await page.getByLabel("Money").selectOption("in");
    await expect(page).toHaveURL(/direction=in/);
    await page.goBack();
    await expect(page).not.toHaveURL(/direction=in/);
    await expect(page.getByLabel("Money")).toHaveValue("");
    await expect(page.getByLabel("Category")).toHaveValue(food);

    // A narrow filter; the export downloads the same rows in the same order.
    await page.getByLabel("Search").fill("starbucks");
    await page.getByLabel("Max amount").fill("6");
    await page.getByLabel("Max amount").press("Enter");
    await expect(page).toHaveURL(/max=6/);
    await expect(page).toHaveURL(/q=starbucks/);
    await settled(page);
    const onScreen = await ids(page);
    const total = await shownCount(page);
    expect(total).toBeGreaterThan(0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath("transactions-1280.png"), fullPage: false });
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^transactions_earliest_to_\d{4}-\d{2}-\d{2}\.csv$/);
    const records = parseCsv(await readFile(await download.path()), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(total);
    expect(records.slice(0, onScreen.length).map((r) => r["Transaction ID"])).toEqual(onScreen);
    expect(records.every((r) => Number(r.Amount) <= 6 && Number(r.Amount) >= -6)).toBe(true);

    await expectNoAxeViolations(page);
  });

  test("works with the keyboard alone", async ({ page }) => {
    await signUpNewUser(page);
    await connectBank(page, "user_good");
    await page.goto("/transactions");
    await expect(rows(page).first()).toBeVisible({ timeout: 60_000 });

    const search = page.getByLabel("Search");
    await tabTo(page, search);
    await page.keyboard.type("a");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/q=a/);
    await tabTo(page, page.getByLabel("Sort"));
    await page.keyboard.press("ArrowDown");
    await expect(page).toHaveURL(/sort=date_asc/);
    const next = page.getByRole("link", { name: "Next page" });
    if (await next.count()) {
      await tabTo(page, next, 200);
      await page.keyboard.press("Enter");
      await expect(page).toHaveURL(/after=/);
    }
    await tabTo(page, page.getByRole("link", { name: "Export CSV" }), 200);
    const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
  });
});

test.describe("transactions explorer at 390×844", () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test("shows rows as a list with no horizontal scroll, light and dark", async ({ page }) => {
    await signUpNewUser(page);
    await connectBank(page, "user_good");
    await page.goto("/transactions");
    await expect(rows(page).first()).toBeVisible({ timeout: 60_000 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    // The explorer itself first (its own cards and filters), then the whole page with the shell.
    const explorerOverflow = () => page.locator("main").evaluate((main) => main.scrollWidth - main.clientWidth);
    expect(await explorerOverflow()).toBeLessThanOrEqual(0);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByLabel("Search").fill("Uber 063015 SF**POOL** a long descriptor that must wrap instead of scrolling");
    await expect(page).toHaveURL(/q=/);
    await page.getByLabel("Search").fill("");
    await expect(page).not.toHaveURL(/q=/);
    await expect(rows(page).first()).toBeVisible();
    expect(await explorerOverflow()).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath("transactions-390.png"), fullPage: false });
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
  });
});
