import AxeBuilder from "@axe-core/playwright";
import { Secret, TOTP } from "otpauth";
import type { Page } from "@playwright/test";
import { expect, formAlert, newTestUser, signIn, signOut, signUpNewUser, test } from "./fixtures";
import { screenshotPath } from "./screenshot-path";

/** The code an authenticator app would show, from the manual key Settings displays (same library as the server). */
function codeFor(manualKey: string, at: number): string {
  return new TOTP({ secret: Secret.fromBase32(manualKey.replace(/\s/g, "")), digits: 6, period: 30, algorithm: "SHA1" }).generate({ timestamp: at });
}

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("two-factor sign-in", () => {
  test("enrol with the manual key, then sign in with a code (a replayed one refused) and with a recovery code, once", async ({ page }) => {
    const user = await signUpNewUser(page, newTestUser());
    await page.goto("/settings");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    const manualKey = (await page.getByTestId("totp-manual-key").textContent()) ?? "";
    expect(manualKey.replace(/\s/g, "")).toMatch(/^[A-Z2-7]{32}$/);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: screenshotPath("two-factor-enrolment.png"), fullPage: true });

    await page.getByLabel("Enter the 6-digit code").fill("000000" === codeFor(manualKey, Date.now()) ? "111111" : "000000");
    await page.getByRole("button", { name: "Turn on" }).click();
    await expect(formAlert(page, /not right/)).toBeVisible();

    const enrolmentCode = codeFor(manualKey, Date.now());
    await page.getByLabel("Enter the 6-digit code").fill(enrolmentCode);
    await page.getByRole("button", { name: "Turn on" }).click();
    const codes = page.getByTestId("recovery-codes").getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const recoveryCodes = await codes.allTextContents();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: screenshotPath("two-factor-recovery-codes.png"), fullPage: true });
    await page.getByRole("button", { name: "I have saved them" }).click();
    await expect(page.getByText(/^On\. Signing in asks for a code/)).toBeVisible();

    await signOut(page);
    await signIn(page, user);
    const codeField = page.getByLabel("Authentication code");
    await expect(codeField).toBeVisible();
    await expectNoAxeViolations(page);
    // The enrolment code was used once already: refused, however fresh it is.
    await codeField.fill(enrolmentCode);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(formAlert(page, /not right, or was already used/)).toBeVisible();
    // The next step's code: within the server's one-step window, and never used.
    await page.getByLabel("Authentication code").fill(codeFor(manualKey, Date.now() + 30_000));
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    // The pending sign-in is spent: the next visit to sign-in starts at the password again.
    expect((await page.context().cookies()).map((cookie) => cookie.name).filter((name) => name.includes("2fa-pending"))).toEqual([]);

    const [recovery = ""] = recoveryCodes;
    await signOut(page);
    await signIn(page, user);
    await page.getByLabel("Authentication code").fill(recovery);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    await signOut(page);
    await signIn(page, user);
    await page.getByLabel("Authentication code").fill(recovery);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(formAlert(page, /not right, or was already used/)).toBeVisible();
  });

  test("the code step and the sections fit 360 px in dark mode, by keyboard", async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.emulateMedia({ colorScheme: "dark" });
    const user = await signUpNewUser(page, newTestUser());
    await page.goto("/settings");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).focus();
    await page.keyboard.press("Enter");
    const manualKey = (await page.getByTestId("totp-manual-key").textContent()) ?? "";
    await page.getByLabel("Enter the 6-digit code").focus();
    await page.keyboard.type(codeFor(manualKey, Date.now()));
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: screenshotPath("two-factor-settings-360-dark.png"), fullPage: true });

    await signOut(page);
    await signIn(page, user);
    await expect(page.getByLabel("Authentication code")).toBeFocused();
    await expectNoAxeViolations(page);
    await page.screenshot({ path: screenshotPath("two-factor-code-step-360-dark.png"), fullPage: true });
    await page.keyboard.type(codeFor(manualKey, Date.now() + 30_000));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("changing the password with two-factor on signs the other browser out and asks this one for a code", async ({ page, browser }) => {
    const user = await signUpNewUser(page, newTestUser());
    await page.goto("/settings");
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    const manualKey = (await page.getByTestId("totp-manual-key").textContent()) ?? "";
    await page.getByLabel("Enter the 6-digit code").fill(codeFor(manualKey, Date.now()));
    await page.getByRole("button", { name: "Turn on" }).click();
    await page.getByRole("button", { name: "I have saved them" }).click();

    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    const otherSignInAt = Date.now();
    await otherPage.getByLabel("Authentication code").fill(codeFor(manualKey, otherSignInAt + 30_000));
    await otherPage.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(otherPage).toHaveURL(/\/dashboard$/);

    await page.getByLabel("Current password").fill(user.password);
    await page.getByLabel("New password").fill("a brand new passphrase 42");
    await page.getByRole("button", { name: "Change password" }).click();
    // The new password is checked; this browser finishes on the code step with a fresh code.
    await expect(page).toHaveURL(/\/sign-in/);
    const codeField = page.getByLabel("Authentication code");
    await expect(codeField).toBeVisible();
    // The other browser spent the step after its own; a newer code exists once the clock has moved one step on.
    const step = (at: number) => Math.floor(at / 30_000);
    await expect.poll(() => step(Date.now()), { timeout: 35_000, intervals: [1_000] }).toBeGreaterThan(step(otherSignInAt));
    await codeField.fill(codeFor(manualKey, Date.now() + 30_000));
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(async () => {
      await otherPage.goto("/dashboard");
      await expect(otherPage).toHaveURL(/\/sign-in/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await other.close();
  });

  test("Settings lists this browser and another, and signs the other out", async ({ page, browser }) => {
    const user = await signUpNewUser(page, newTestUser());
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    await expect(otherPage).toHaveURL(/\/dashboard$/);

    await page.goto("/settings");
    const rows = page.getByTestId("session-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: screenshotPath("sessions-settings.png"), fullPage: true });
    await rows.filter({ hasNotText: "This device" }).getByRole("button", { name: /^Sign out/ }).click();
    await expect(rows).toHaveCount(1);

    // Each server process trusts a session check for up to 5 s (server/auth/user-sessions.ts).
    await expect(async () => {
      await otherPage.goto("/dashboard");
      await expect(otherPage).toHaveURL(/\/sign-in/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await page.goto("/accounts");
    await expect(page.getByRole("heading", { name: "Accounts", level: 1 })).toBeVisible();
    await other.close();
  });
});
