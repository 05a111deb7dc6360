import { randomUUID } from "node:crypto";
import { test as base, expect, type Page } from "@playwright/test";

export const PLAID_CDN_LINK_SCRIPT = "https://cdn.plaid.com/link/v2/stable/link-initialize.js";
export const emulatorUrl = (): string => {
  const url = process.env.EMULATOR_URL;
  if (!url) throw new Error("EMULATOR_URL is not set (playwright.config.ts sets it)");
  return url;
};

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export interface TestUser {
  email: string;
  password: string;
}

/**
 * Every spec's browser context: every request leaving this machine is aborted (a test can never
 * reach the network), and Plaid's CDN script is answered with the emulator's Link script.
 */
export const test = base.extend({
  context: async ({ context }, use) => {
    // Registered first so it runs last: more specific routes below take precedence.
    await context.route(
      (url) => !LOCAL_HOSTS.has(url.hostname),
      (route) => route.abort("blockedbyclient"),
    );
    await context.route(PLAID_CDN_LINK_SCRIPT, async (route) => {
      const response = await fetch(`${emulatorUrl()}/link/link-initialize.js`);
      await route.fulfill({ status: response.status, contentType: "application/javascript", body: await response.text() });
    });
    await use(context);
  },
});

export { expect };

export function newTestUser(): TestUser {
  return { email: `e2e-${randomUUID().slice(0, 8)}@example.com`, password: "correct horse battery staple" };
}

/** Signs up a fresh user through the real form and lands on the dashboard. */
export async function signUpNewUser(page: Page, user: TestUser = newTestUser()): Promise<TestUser> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return user;
}

/** A form's alert with this text (Next's route announcer is an empty alert on every page). */
export function formAlert(page: Page, text: RegExp) {
  return page.getByRole("alert").filter({ hasText: text });
}

/** Signs out and waits until the redirect has landed, so the next navigation cannot race it. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
}

export async function signIn(page: Page, user: TestUser): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
