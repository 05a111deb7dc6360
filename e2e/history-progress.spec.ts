import { emulator, expect, newestEmulatorItem, signUpNewUser, test } from "./fixtures";
import { holdHistoryPhases, keepAllAccounts, signInAtFirstPlatypus } from "./link-flows";

// Plaid delivers history in two phases (the last 30 days, then everything). The emulator's timing
// control holds a new item in each phase until the test moves it on, so each message is seen.

const BANK = "First Platypus Bank";

test.describe("history import progress", () => {
  let restoreTiming: (() => Promise<void>) | null = null;
  test.afterEach(async () => {
    await restoreTiming?.();
    restoreTiming = null;
  });

  test("settings and the overview say which part of the history is importing, the figures say still importing, and all of it clears when the history is complete", async ({ page }) => {
    restoreTiming = await holdHistoryPhases();
    await signUpNewUser(page);
    await page.goto("/settings");
    const link = await signInAtFirstPlatypus(page, "pass_good");
    await keepAllAccounts(link);

    const card = page.getByRole("article", { name: BANK });
    await expect(card.getByText("Importing your last 30 days…")).toBeVisible();
    await page.goto("/dashboard");
    const progress = page.getByRole("status", { name: "Import progress" });
    await expect(progress).toContainText(`${BANK}: Importing your last 30 days…`);

    const { item_id: itemId } = await newestEmulatorItem();
    await emulator(`/__emulator/items/${itemId}/ready`, {});
    // The page refreshes itself when the sync lands; on a loaded machine that chain can outlast a
    // fixed wait, so a reload stands in for the live refresh here (webhook-sync.spec.ts covers it).
    await expect(async () => {
      await page.reload();
      await expect(progress).toContainText(`${BANK}: Importing your full history…`, { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    // The recent days are in, so the cards show; none claims to be final.
    for (const name of ["Spending by category", "Cash flow, 12 months"]) {
      await expect(page.getByRole("region", { name }).getByText("Still importing", { exact: true })).toBeVisible();
    }
    await page.goto("/settings");
    await expect(card.getByText("Importing your full history…")).toBeVisible();

    await emulator(`/__emulator/items/${itemId}/history`, {});
    await expect(card.getByText(/Importing your/)).toHaveCount(0, { timeout: 30_000 });
    await page.goto("/dashboard");
    await expect(page.getByRole("region", { name: "Cash flow, 12 months" })).toBeVisible();
    await expect(page.getByText(/Importing your/)).toHaveCount(0);
    await expect(page.getByText("Still importing", { exact: true })).toHaveCount(0);
  });
});
