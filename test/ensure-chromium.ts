import { execFileSync } from "node:child_process";
import { chromiumPath, DEBIAN_CHROMIUM } from "./chromium-path";

/**
 * Playwright cannot download its own browser here, so the suite uses a system Chromium. As root
 * (CI containers) we install Debian's package, as `playwright install --with-deps` would;
 * otherwise we stop with one line saying what to install.
 */
export function ensureChromium(): string {
  const found = chromiumPath();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist; point it at a Chromium or Chrome binary.`);
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `No Chromium found: install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium binary.`,
    );
  }
  console.log("[preflight] installing Debian's chromium package (one time)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  } catch {
    execFileSync("apt-get", ["update"], { stdio: "inherit", env });
    execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  }
  const installed = chromiumPath();
  if (!installed) throw new Error(`apt-get finished but ${DEBIAN_CHROMIUM} is missing.`);
  return installed;
}
