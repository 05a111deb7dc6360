/**
 * First-load JavaScript per route, measured the way a browser pays for it: every script the page
 * loads from our origin, raw and as transferred (compressed). Needs a `next build`; starts
 * `next start` and the emulator on spare ports, signs up one user to reach /dashboard.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type Page, type Response } from "@playwright/test";
import { chromiumPath } from "../test/chromium-path";

const APP_PORT = 3410;
const EMULATOR_PORT = 4410;
const APP = `http://localhost:${APP_PORT}`;

export interface PageWeight {
  route: string;
  scripts: number;
  rawKiB: number;
  transferredKiB: number;
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

async function weigh(page: Page, route: string, action: () => Promise<unknown>): Promise<PageWeight> {
  const sizes: { raw: number; transferred: number }[] = [];
  const onResponse = async (response: Response) => {
    const url = new URL(response.url());
    if (url.origin !== APP || response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    const { responseBodySize } = await response.request().sizes();
    sizes.push({ raw: body.length, transferred: responseBodySize });
  };
  page.on("response", onResponse);
  await action();
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  const kib = (n: number) => Math.round((n / 1024) * 10) / 10;
  return {
    route,
    scripts: sizes.length,
    rawKiB: kib(sizes.reduce((sum, s) => sum + s.raw, 0)),
    transferredKiB: kib(sizes.reduce((sum, s) => sum + s.transferred, 0)),
  };
}

export async function measurePageWeights(): Promise<PageWeight[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "ledgerlink-pages-"));
  const children: ChildProcess[] = [];
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    DATA_DIR: dataDir,
    AUTH_SECRET: "bench-auth-secret-that-is-long-enough-0123456789",
    TOKEN_ENCRYPTION_KEYS: "b1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    PLAID_ENV: "emulator",
    PLAID_BASE_URL: `http://127.0.0.1:${EMULATOR_PORT}`,
    PUBLIC_URL: APP,
    ALLOW_EMBEDDED_DATABASE: "true",
    LOG_LEVEL: "warn",
    PLAID_EMULATOR_PORT: String(EMULATOR_PORT),
    PLAID_EMULATOR_DATA_FILE: path.join(dataDir, "emulator.json"),
  };
  // Own process groups, so stopping them also stops the servers npx started.
  children.push(spawn("npx", ["tsx", "emulator/main.ts"], { env, stdio: "ignore", detached: true }));
  children.push(spawn("npx", ["next", "start", "-p", String(APP_PORT)], { env, stdio: "ignore", detached: true }));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-background-networking"] });
  try {
    await waitFor(`${APP}/sign-in`);
    const context = await browser.newContext();
    const page = await context.newPage();
    const results = [await weigh(page, "/", () => page.goto(`${APP}/`))];
    await page.goto(`${APP}/sign-up`);
    await page.getByLabel("Email").fill(`weigh-${Date.now()}@example.com`);
    await page.getByLabel("Password").fill("a long enough passphrase");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("heading", { name: "Overview", level: 1 }).waitFor({ timeout: 60_000 });
    // A fresh context so nothing is cached from the previous pages.
    const cold = await browser.newContext({ storageState: await context.storageState() });
    const coldPage = await cold.newPage();
    results.push(await weigh(coldPage, "/dashboard", () => coldPage.goto(`${APP}/dashboard`)));
    for (const route of ["/accounts", "/settings"]) {
      const fresh = await (await browser.newContext({ storageState: await context.storageState() })).newPage();
      results.push(await weigh(fresh, route, () => fresh.goto(`${APP}${route}`)));
    }
    return results;
  } finally {
    await browser.close();
    for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weights = await measurePageWeights();
  console.table(weights);
  process.exit(0);
}
