/**
 * Lighthouse performance and accessibility for /dashboard (a user with a synced bank),
 * /transactions and /sign-in, on the current `next build` under `next start` with the emulator.
 * Lighthouse 12.2.3 (13 needs Node 22) drives its own Chromium through chrome-launcher
 * (`--headless=new --no-sandbox`, every host but this machine unresolvable); the signed-in pages
 * get the session cookie through Lighthouse's extra headers. Mobile (Lighthouse's default:
 * simulated slow 4G and a 4× slower CPU) and desktop presets. Each page runs BENCH_LIGHTHOUSE_RUNS
 * times (default 3) and the run with the median performance score is kept, as Lighthouse advises:
 * on a shared machine single runs swing by 20 points. A benchmark: printed and merged into
 * bench/results.json, never asserted.
 */
import { launch } from "chrome-launcher";
import lighthouse, { desktopConfig, type Config, type Flags } from "lighthouse";
import { chromium } from "@playwright/test";
import { chromiumPath } from "../test/chromium-path";
import { connectBank, offline, signUp, startBuiltApp } from "./built-app";

const APP_PORT = 3420;
const EMULATOR_PORT = 4420;
const PAGES = ["/dashboard", "/transactions", "/sign-in"];
const PRESETS: { name: "mobile" | "desktop"; config?: Config }[] = [{ name: "mobile" }, { name: "desktop", config: desktopConfig }];
const RUNS = Math.max(1, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));

export interface LighthouseScore {
  page: string;
  preset: "mobile" | "desktop";
  performance: number | null;
  accessibility: number | null;
  /** Milliseconds (CLS unitless), as Lighthouse reports them, for reading a score. */
  fcpMs: number | null;
  lcpMs: number | null;
  tbtMs: number | null;
  cls: number | null;
  /** Failed accessibility audits, by id: why the score is not 100. */
  accessibilityFailures: string[];
  /** Every run's performance score (null: the run failed), to see the spread. */
  performanceRuns: (number | null)[];
}

const score = (value: number | null | undefined) => (value === null || value === undefined ? null : Math.round(value * 100));
const round = (value: number | undefined) => (value === undefined ? null : Math.round(value * 1000) / 1000);

/** The session cookie of a user who signed up and connected a bank (so the overview is full). */
async function signedInCookie(appUrl: string, emulatorUrl: string): Promise<string> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-background-networking"] });
  try {
    const context = await browser.newContext();
    await offline(context, emulatorUrl);
    const page = await context.newPage();
    await signUp(page, appUrl);
    await connectBank(page);
    const cookies = await context.cookies(appUrl);
    return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

export async function measureLighthouse(): Promise<LighthouseScore[]> {
  const app = await startBuiltApp(APP_PORT, EMULATOR_PORT);
  try {
    const cookie = await signedInCookie(app.url, app.emulatorUrl);
    const chrome = await launch({
      chromePath: chromiumPath(),
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        // No network: only this machine resolves.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
      ],
    });
    const scores: LighthouseScore[] = [];
    try {
      for (const preset of PRESETS) {
        for (const page of PAGES) {
          const flags: Flags = {
            port: chrome.port,
            output: "json",
            logLevel: "error",
            onlyCategories: ["performance", "accessibility"],
            extraHeaders: page === "/sign-in" ? {} : { Cookie: cookie },
          };
          const runs: NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"][] = [];
          for (let run = 0; run < RUNS; run++) {
            const result = await lighthouse(`${app.url}${page}`, flags, preset.config);
            if (result && !result.lhr.runtimeError) runs.push(result.lhr);
          }
          const byScore = [...runs].sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0));
          const median = byScore[Math.floor((byScore.length - 1) / 2)];
          if (!median) throw new Error(`Lighthouse failed on every run of ${page}`);
          const { categories, audits } = median;
          const numeric = (id: string) => audits[id]?.numericValue;
          const failing = (categories.accessibility?.auditRefs ?? [])
            .filter((ref) => ref.weight > 0 && audits[ref.id]?.score === 0)
            .map((ref) => ref.id);
          scores.push({
            page,
            preset: preset.name,
            performance: score(categories.performance?.score),
            accessibility: score(categories.accessibility?.score),
            fcpMs: round(numeric("first-contentful-paint")),
            lcpMs: round(numeric("largest-contentful-paint")),
            tbtMs: round(numeric("total-blocking-time")),
            cls: round(numeric("cumulative-layout-shift")),
            accessibilityFailures: failing,
            performanceRuns: runs.map((lhr) => score(lhr.categories.performance?.score)),
          });
          console.error(`[bench] lighthouse ${preset.name} ${page} done`);
        }
      }
    } finally {
      chrome.kill();
    }
    return scores;
  } finally {
    app.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const scores = await measureLighthouse();
  console.table(scores);
  process.exit(0);
}
