import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumPath } from "./test/chromium-path";

const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3310);
const EMULATOR_PORT = Number(process.env.E2E_EMULATOR_PORT ?? 4310);
export const APP_URL = `http://localhost:${APP_PORT}`;
export const EMULATOR_URL = `http://127.0.0.1:${EMULATOR_PORT}`;

// One scratch folder per run, shared with worker processes through the environment (the config is
// evaluated again in each worker; the variable makes them agree).
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "ledgerlink-e2e-"));
process.env.EMULATOR_URL = EMULATOR_URL;
const dataDir = process.env.E2E_DATA_DIR;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath(),
          // Flags that keep Chromium from phoning home on a closed network (and running as root).
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "npx tsx emulator/main.ts",
      url: `${EMULATOR_URL}/link/link-initialize.js`,
      env: {
        PLAID_EMULATOR_PORT: String(EMULATOR_PORT),
        PLAID_EMULATOR_HOST: "127.0.0.1",
        PLAID_EMULATOR_DATA_FILE: path.join(dataDir, "emulator.json"),
        PLAID_EMULATOR_TIME_SCALE: "0.05",
        // Link's OAuth redirect_uri must be on Plaid's allowed list: the app's /oauth-return page.
        PLAID_EMULATOR_ALLOWED_REDIRECT_URIS: `${APP_URL}/oauth-return`,
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The build from `next build` (run once by `npm test`), served as production.
      command: `npx next start -p ${APP_PORT}`,
      url: `${APP_URL}/sign-in`,
      env: {
        NEXT_TELEMETRY_DISABLED: "1",
        DATA_DIR: path.join(dataDir, "app"),
        AUTH_SECRET: "e2e-auth-secret-that-is-long-enough-0123456789",
        TOKEN_ENCRYPTION_KEYS: "e2e1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        PLAID_ENV: "emulator",
        PLAID_BASE_URL: EMULATOR_URL,
        PUBLIC_URL: APP_URL,
        PLAID_REDIRECT_URI: `${APP_URL}/oauth-return`,
        // Production mode refuses PGlite unless asked; the e2e run has no PostgreSQL of its own.
        ALLOW_EMBEDDED_DATABASE: "true",
        LOG_LEVEL: "warn",
      },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
