import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signUpNewUser, signUpWithSyncedBank, test } from "./fixtures";
import { screenshotPath } from "./screenshot-path";


const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** No page may scroll sideways: the document is never wider than the viewport. */
async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

async function expectNoAxeViolations(page: Page, label: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
    expect(summary, `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

for (const size of WIDTHS) {
  test.describe(`at ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test("every page fits the width, passes axe in both colour schemes, and is photographed", async ({ page }) => {
      test.setTimeout(180_000);
      await signUpWithSyncedBank(page);
      await page.goto("/accounts");
      const accountHref = await page.getByRole("link", { name: "Plaid Checking" }).getAttribute("href");
      const pages = [
        { name: "overview", url: "/dashboard", ready: page.getByRole("region", { name: "Recent transactions" }).getByRole("listitem").first() },
        { name: "accounts", url: "/accounts", ready: page.getByRole("link", { name: "Plaid Checking" }) },
        { name: "account", url: accountHref ?? "/accounts", ready: page.getByRole("region", { name: "Recent transactions" }).getByRole("listitem").first() },
        { name: "settings", url: "/settings", ready: page.getByRole("article", { name: "First Platypus Bank" }) },
        { name: "not-found", url: "/no-such-page", ready: page.getByRole("heading", { name: "We couldn't find that page" }) },
      ];
      for (const entry of pages) {
        await page.goto(entry.url);
        await expect(entry.ready).toBeVisible({ timeout: 20_000 });
        await expectNoSidewaysScroll(page);
        await expectNoAxeViolations(page, entry.name);
        await page.screenshot({ path: screenshotPath(`${entry.name}-${size.width}.png`), fullPage: true });
      }
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto("/dashboard");
      await expect(pages[0]?.ready ?? page.locator("main")).toBeVisible();
      await page.screenshot({ path: screenshotPath(`overview-dark-${size.width}.png`), fullPage: true });
      await page.emulateMedia({ colorScheme: "light" });

      // Pages that are not this helper's still must not scroll sideways.
      for (const url of ["/transactions", "/"]) {
        await page.goto(url);
        await page.waitForLoadState("networkidle");
        await expectNoSidewaysScroll(page);
      }
    });

    test("the emulator's Link modal fits the screen", async ({ page }) => {
      await signUpNewUser(page);
      await page.getByRole("button", { name: "Connect a bank" }).click();
      const frame = page.locator('iframe[title="Plaid Link"]');
      await expect(frame).toBeVisible();
      const box = await frame.boundingBox();
      expect(box?.width).toBeLessThanOrEqual(size.width);
      expect(box?.height).toBeLessThanOrEqual(size.height);
      const link = page.frameLocator('iframe[title="Plaid Link"]');
      await link.getByLabel("Search institutions").fill("Platypus");
      const widths = await link.locator("body").evaluate((body) => ({ scroll: body.scrollWidth, client: body.clientWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      if (size.width < 500) await page.screenshot({ path: screenshotPath(`link-${size.width}.png`) });
    });
  });
}
