/**
 * First-load JavaScript per route, measured the way a browser pays for it: every script the page
 * loads from our origin until the network is idle, raw and as transferred (compressed), each in a
 * fresh browser context (cold cache). Needs a `next build`; starts `next start` and the emulator
 * on spare ports and signs up one user (no bank: the overview's empty state) for the signed-in routes.
 */
import { chromium, type Page, type Response } from "@playwright/test";
import { chromiumPath } from "../test/chromium-path";
import { offline, signUp, startBuiltApp } from "./built-app";

const APP_PORT = 3410;
const EMULATOR_PORT = 4410;

export interface ScriptWeight {
  path: string;
  rawKiB: number;
  transferredKiB: number;
}

export interface PageWeight {
  route: string;
  scripts: number;
  rawKiB: number;
  transferredKiB: number;
  /** Each script, largest first: what a route's figure is made of. */
  files: ScriptWeight[];
}

const PUBLIC_ROUTES = ["/", "/sign-in"];
const SIGNED_IN_ROUTES = ["/dashboard", "/transactions", "/accounts", "/settings", "/recurring"];

const kib = (n: number) => Math.round((n / 1024) * 10) / 10;

async function weigh(page: Page, origin: string, route: string): Promise<PageWeight> {
  const sizes: { path: string; raw: number; transferred: number }[] = [];
  const onResponse = async (response: Response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || response.request().resourceType() !== "script") return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    const { responseBodySize } = await response.request().sizes();
    sizes.push({ path: url.pathname, raw: body.length, transferred: responseBodySize });
  };
  page.on("response", onResponse);
  await page.goto(`${origin}${route}`);
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  return {
    route,
    scripts: sizes.length,
    rawKiB: kib(sizes.reduce((sum, s) => sum + s.raw, 0)),
    transferredKiB: kib(sizes.reduce((sum, s) => sum + s.transferred, 0)),
    files: sizes.sort((a, b) => b.transferred - a.transferred).map((s) => ({ path: s.path, rawKiB: kib(s.raw), transferredKiB: kib(s.transferred) })),
  };
}

export async function measurePageWeights(): Promise<PageWeight[]> {
  const app = await startBuiltApp(APP_PORT, EMULATOR_PORT);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-background-networking"] });
  try {
    // A fresh context per route, so nothing is cached from the previous pages.
    const freshPage = async (storageState?: Awaited<ReturnType<typeof context.storageState>>) => {
      const fresh = await browser.newContext({ storageState });
      await offline(fresh, app.emulatorUrl);
      return fresh.newPage();
    };
    const results: PageWeight[] = [];
    for (const route of PUBLIC_ROUTES) results.push(await weigh(await freshPage(), app.url, route));
    const context = await browser.newContext();
    await offline(context, app.emulatorUrl);
    await signUp(await context.newPage(), app.url);
    const session = await context.storageState();
    for (const route of SIGNED_IN_ROUTES) results.push(await weigh(await freshPage(session), app.url, route));
    return results;
  } finally {
    await browser.close();
    app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const weights = await measurePageWeights();
  console.table(weights.map(({ files: _files, ...weight }) => weight));
  // `--scripts`: every route's scripts, to see what a figure is made of.
  if (process.argv.includes("--scripts")) for (const weight of weights) console.log(weight.route, weight.files);
  process.exit(0);
}
