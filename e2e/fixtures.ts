import { randomUUID } from "node:crypto";
import { test as base, expect, type Locator, type Page } from "@playwright/test";

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

/** Opens the header's account menu (a <details> disclosure), where *Sign out* lives. */
export async function openUserMenu(page: Page): Promise<void> {
  const menu = page.locator("header details");
  if ((await menu.getAttribute("open")) === null) await menu.locator("summary").click();
}

/** Signs out and waits until the redirect has landed, so the next navigation cannot race it. */
export async function signOut(page: Page): Promise<void> {
  await openUserMenu(page);
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

export const BANK = "First Platypus Bank";

/** Calls the emulator's Plaid API or its /__emulator control API. */
export async function emulator(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulatorUrl()}${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The item this test just connected: the emulator's newest one (specs run one at a time). */
export async function newestEmulatorItem(): Promise<{ item_id: string; access_token: string }> {
  const { items } = (await emulator("/__emulator/items")) as { items: { item_id: string; access_token: string }[] };
  const item = items.at(-1);
  if (!item) throw new Error("the emulator has no items");
  return item;
}

/** The toasts' live region. */
export const notifications = (page: Page): Locator => page.getByRole("status", { name: "Notifications" });

/** Drives Link from whichever *Connect a bank* is on the page: First Platypus, user_good, every account. */
export async function connectFirstPlatypus(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect a bank" }).first().click();
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await link.getByLabel("Search institutions").fill("Platypus");
  await link.getByRole("button", { name: BANK }).click();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill("pass_good");
  // The Link UI may still be settling after the bank was picked: check what Submit will send.
  await expect(link.getByLabel("Username")).toHaveValue("user_good");
  await expect(link.getByLabel("Password")).toHaveValue("pass_good");
  await link.getByRole("button", { name: "Submit" }).click();
  await expect(link.getByRole("checkbox").first()).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
  await expect(notifications(page)).toContainText(`${BANK} is connected.`);
}

/** Signs up, connects First Platypus from the overview and waits until its first sync shows transactions. */
export async function signUpWithSyncedBank(page: Page): Promise<TestUser> {
  const user = await signUpNewUser(page);
  await connectFirstPlatypus(page);
  await expect(page.getByRole("region", { name: "Recent transactions" }).getByRole("listitem").first()).toBeVisible({ timeout: 30_000 });
  return user;
}

/** Presses Tab until `target` has focus (keyboard-only use); fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let presses = 0; presses < max; presses++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}
