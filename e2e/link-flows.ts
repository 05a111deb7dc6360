import AxeBuilder from "@axe-core/playwright";
import type { FrameLocator, Page } from "@playwright/test";
import { emulator, expect } from "./fixtures";

// Shared by the OAuth, MFA, recurring and history-progress specs: driving the emulator's Link UI
// from the app's own buttons.

export const OAUTH_BANK = "Platypus OAuth Bank";

export const linkFrame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Plaid Link"]');

/**
 * Makes the emulator's Link take the webview path for OAuth banks (a full-page redirect to the bank
 * and back to /oauth-return), as Plaid's Link does in a webview; in a browser it opens a popup.
 */
export async function useWebviewOAuth(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as unknown as { PLAID_EMULATOR_OAUTH_MODE: string }).PLAID_EMULATOR_OAUTH_MODE = "redirect";
  });
}

/** From *Connect a bank*: pick the OAuth bank, Continue, and answer the popup that opens with the bank's consent page. */
export async function openOAuthPopup(page: Page, button = page.getByRole("button", { name: "Connect a bank" }).first()): Promise<Page> {
  await button.click();
  const link = linkFrame(page);
  await link.getByLabel("Search institutions").fill("OAuth");
  await link.getByRole("button", { name: OAUTH_BANK }).click();
  const popup = page.waitForEvent("popup");
  await link.getByRole("button", { name: `Continue to ${OAUTH_BANK}` }).click();
  const bank = await popup;
  await expect(bank.getByRole("heading", { name: OAUTH_BANK })).toBeVisible();
  return bank;
}

/** From *Connect a bank*: pick the OAuth bank and leave for its consent page (a full-page redirect; see useWebviewOAuth). */
export async function leaveForOAuthConsent(page: Page, button = page.getByRole("button", { name: "Connect a bank" }).first()): Promise<void> {
  await button.click();
  const link = linkFrame(page);
  await link.getByLabel("Search institutions").fill("OAuth");
  await link.getByRole("button", { name: OAUTH_BANK }).click();
  await link.getByRole("button", { name: `Continue to ${OAUTH_BANK}` }).click();
  await expect(page).toHaveURL(/\/link\/oauth\/consent\?oauth_state_id=/);
  await expect(page.getByRole("heading", { name: OAUTH_BANK })).toBeVisible();
}

/** Approve at the bank; Link resumes on /oauth-return, where the accounts are kept. */
export async function approveAndKeepAccounts(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page).toHaveURL(/\/oauth-return\?oauth_state_id=[\w-]+$/);
  const link = linkFrame(page);
  await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
}

/** From *Connect a bank*: First Platypus Bank, user_good with `password`, up to the MFA or accounts step. */
export async function signInAtFirstPlatypus(page: Page, password: string): Promise<FrameLocator> {
  await page.getByRole("button", { name: "Connect a bank" }).first().click();
  const link = linkFrame(page);
  await link.getByLabel("Search institutions").fill("First Platypus");
  await link.getByRole("button", { name: "First Platypus Bank" }).click();
  await link.getByLabel("Username").fill("user_good");
  await link.getByLabel("Password").fill(password);
  await expect(link.getByLabel("Password")).toHaveValue(password);
  await link.getByRole("button", { name: "Submit" }).click();
  return link;
}

export async function keepAllAccounts(link: FrameLocator): Promise<void> {
  await expect(link.getByRole("checkbox", { name: "Plaid Checking" })).toBeChecked();
  await link.getByRole("button", { name: "Continue" }).click();
}

/** What the app keeps in localStorage for /oauth-return (nothing once Link has finished either way). */
export const storedLinkSession = (page: Page) => page.evaluate(() => localStorage.getItem("ledgerlink.link-session"));

/** No page may scroll sideways: the document is never wider than the viewport. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
  expect(scrollWidth, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
}

export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const results = await new AxeBuilder({ page }).analyze();
    const summary = results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
    expect(summary, `${label} (${colorScheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** The emulator's timing for items exchanged from now on; returns a function that restores it. */
export async function holdHistoryPhases(): Promise<() => Promise<void>> {
  const before = (await emulator("/__emulator/timing")) as { ready_delay_ms: number; history_delay_ms: number };
  await emulator("/__emulator/timing", { ready_delay_ms: 3_600_000_000, history_delay_ms: 3_600_000_000 });
  return async () => {
    await emulator("/__emulator/timing", before);
  };
}
