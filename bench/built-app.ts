/**
 * The current `next build` served by `next start`, with the emulator, on spare ports and a scratch
 * data folder: what the page benches (first-load JS, Lighthouse) load in a browser. Also signs up
 * a user through the real form and, when asked, connects a bank through the emulator's Link UI.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BrowserContext, Page } from "@playwright/test";

const PLAID_CDN_LINK_SCRIPT = "https://cdn.plaid.com/link/v2/stable/link-initialize.js";
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

export interface BuiltApp {
  url: string;
  emulatorUrl: string;
  stop: () => void;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

export async function startBuiltApp(appPort: number, emulatorPort: number): Promise<BuiltApp> {
  const url = `http://localhost:${appPort}`;
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), "ledgerlink-pages-"));
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: dataDir,
    AUTH_SECRET: "bench-auth-secret-that-is-long-enough-0123456789",
    TOKEN_ENCRYPTION_KEYS: "b1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    PLAID_ENV: "emulator",
    PLAID_BASE_URL: emulatorUrl,
    PUBLIC_URL: url,
    ALLOW_EMBEDDED_DATABASE: "true",
    LOG_LEVEL: "warn",
    PLAID_EMULATOR_PORT: String(emulatorPort),
    PLAID_EMULATOR_HOST: "127.0.0.1",
    PLAID_EMULATOR_DATA_FILE: path.join(dataDir, "emulator.json"),
    PLAID_EMULATOR_TIME_SCALE: "0.05",
  };
  // Own process groups, so stopping them also stops the servers npx started.
  const children: ChildProcess[] = [
    spawn("npx", ["tsx", "emulator/main.ts"], { env, stdio: "ignore", detached: true }),
    spawn("npx", ["next", "start", "-p", String(appPort)], { env, stdio: "ignore", detached: true }),
  ];
  const stop = () => {
    for (const child of children) {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone (it failed to start, or stopped by itself).
      }
    }
  };
  try {
    await Promise.all([waitFor(`${url}/sign-in`), waitFor(`${emulatorUrl}/link/link-initialize.js`)]);
  } catch (error) {
    stop();
    throw error;
  }
  return { url, emulatorUrl, stop };
}

/** Nothing leaves the machine; Plaid's CDN script is answered with the emulator's (as in e2e). */
export async function offline(context: BrowserContext, emulatorUrl: string): Promise<void> {
  await context.route((url) => !LOCAL_HOSTS.has(url.hostname), (route) => route.abort("blockedbyclient"));
  await context.route(PLAID_CDN_LINK_SCRIPT, async (route) => {
    const response = await fetch(`${emulatorUrl}/link/link-initialize.js`);
    await route.fulfill({ status: response.status, contentType: "application/javascript", body: await response.text() });
  });
}

/** Signs up a fresh user through the real form and waits for the overview. */
export async function signUp(page: Page, appUrl: string): Promise<void> {
  await page.goto(`${appUrl}/sign-up`);
  await page.getByLabel("Email").fill(`bench-${Date.now()}@example.com`);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor({ timeout: 60_000 });
}

/**
 * Connects First Platypus (user_good, every account) from the overview and waits until its whole
 * history is in: until then live refresh re-renders the page as each part lands, which a
 * measurement would count against the page.
 */
export async function connectBank(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect a bank" }).first().click();
  const link = page.frameLocator('iframe[title="Plaid Link"]');
  await link.getByLabel("Search institutions").fill("Platypus");
  await link.getByRole("button", { name: "First Platypus Bank" }).click();
  // The Link UI may still be settling after the bank was picked (as in e2e): fill until it holds.
  for (let attempt = 0; attempt < 20; attempt++) {
    await link.getByLabel("Username").fill("user_good");
    await link.getByLabel("Password").fill("pass_good");
    await new Promise((resolve) => setTimeout(resolve, 250));
    if ((await link.getByLabel("Username").inputValue()) === "user_good" && (await link.getByLabel("Password").inputValue()) === "pass_good") break;
  }
  await link.getByRole("button", { name: "Submit" }).click();
  await link.getByRole("checkbox").first().waitFor();
  await link.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("region", { name: "Recent transactions" }).getByRole("listitem").first().waitFor({ timeout: 60_000 });
  await page.getByRole("status", { name: "Import progress" }).waitFor({ state: "detached", timeout: 120_000 });
}
