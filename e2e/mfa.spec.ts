import { expect, notifications, signUpNewUser, test } from "./fixtures";
import { keepAllAccounts, signInAtFirstPlatypus } from "./link-flows";

// Plaid's sandbox MFA users, connected from the app's own *Connect a bank*: the app has nothing to
// do for MFA (Link asks), but the connection must complete and a failed challenge must read well.

const BANK = "First Platypus Bank";

test.describe("connecting a bank that asks for MFA", () => {
  test.beforeEach(async ({ page }) => {
    await signUpNewUser(page);
    await page.goto("/settings");
  });

  test("a code sent to a device (mfa_device) connects the bank", async ({ page }) => {
    const link = await signInAtFirstPlatypus(page, "mfa_device");
    await link.getByRole("button", { name: /Text a code/ }).first().click();
    await link.getByLabel("Security code").fill("1234");
    await link.getByRole("button", { name: "Submit" }).click();
    await keepAllAccounts(link);
    await expect(notifications(page)).toContainText(`${BANK} is connected.`);
    await expect(page.getByRole("article", { name: BANK })).toBeVisible();
  });

  test("security questions over two rounds (mfa_questions_2_1) connect the bank after a wrong answer is asked again", async ({ page }) => {
    const link = await signInAtFirstPlatypus(page, "mfa_questions_2_1");
    await link.getByLabel(/^Question 1\.1/).fill("wrong");
    await link.getByRole("button", { name: "Submit" }).click();
    await expect(link.getByRole("alert")).toContainText("not correct");
    await link.getByLabel(/^Question 1\.1/).fill("answer_1_1");
    await link.getByRole("button", { name: "Submit" }).click();
    await link.getByLabel(/^Question 2\.1/).fill("answer_2_1");
    await link.getByRole("button", { name: "Submit" }).click();
    await keepAllAccounts(link);
    await expect(notifications(page)).toContainText(`${BANK} is connected.`);
    await expect(page.getByRole("article", { name: BANK })).toBeVisible();
  });

  test("a selection (mfa_selections) connects the bank", async ({ page }) => {
    const link = await signInAtFirstPlatypus(page, "mfa_selections");
    await link.getByRole("radio", { name: "Yes" }).check();
    await link.getByRole("button", { name: "Submit" }).click();
    await keepAllAccounts(link);
    await expect(notifications(page)).toContainText(`${BANK} is connected.`);
    await expect(page.getByRole("article", { name: BANK })).toBeVisible();
  });

  test("closing Link on a wrong selection shows a readable message and connects nothing", async ({ page }) => {
    const link = await signInAtFirstPlatypus(page, "mfa_selections");
    await link.getByRole("radio", { name: "No" }).check();
    await link.getByRole("button", { name: "Submit" }).click();
    await expect(link.getByRole("alert")).toContainText("not correct");
    await link.getByRole("button", { name: "Close" }).click();
    await expect(page.locator('iframe[title="Plaid Link"]')).toBeHidden();
    await expect(page.getByRole("alert").filter({ hasText: "The security answer was not accepted, so nothing was connected" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Connect a bank" })).toBeEnabled();
    await expect(page.getByText("No banks connected yet")).toBeVisible();
  });
});
