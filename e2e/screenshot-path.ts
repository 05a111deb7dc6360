import path from "node:path";

/**
 * Where an e2e screenshot goes: `test-results/screenshots/` on every run (a run's data differs, so
 * committed pictures would churn), and `e2e/screenshots/` (the README's pictures) only with
 * UPDATE_SCREENSHOTS=1.
 */
export function screenshotPath(name: string): string {
  const folder = process.env.UPDATE_SCREENSHOTS === "1" ? path.join(import.meta.dirname, "screenshots") : path.join(import.meta.dirname, "..", "test-results", "screenshots");
  return path.join(folder, name);
}
