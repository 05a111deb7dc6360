/**
 * `npm test`: every check the project has, in order, each step timed. Stops at the first failure
 * so the cause is the last thing printed.
 */
import { spawnSync } from "node:child_process";
import { ensureChromium } from "./ensure-chromium";

interface Step {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

const steps: Step[] = [
  { name: "typecheck", command: "npx", args: ["tsc", "--noEmit", "-p", "."] },
  { name: "lint", command: "npx", args: ["eslint", "--max-warnings=0", "."] },
  { name: "unit + integration (PGlite and PostgreSQL)", command: "npx", args: ["vitest", "run"] },
  // Built once; every Playwright spec and the reliability suite reuse it through `next start`.
  { name: "next build", command: "npx", args: ["next", "build"] },
  // The tools' production bundles (dist/), as `npm run build` makes them; the reliability suite's workers run them.
  { name: "bundle tools", command: "node", args: ["scripts/bundle-tools.mjs"] },
  { name: "end-to-end (Chromium)", command: "npx", args: ["playwright", "test"] },
  // The same build again: two app instances, two workers, the emulator and PostgreSQL as processes.
  { name: "reliability (processes, faults, isolation, secrets)", command: "npx", args: ["tsx", "test/reliability/run.ts"] },
];

const baseEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const timings: string[] = [];
const started = Date.now();

function run(step: Step): void {
  console.log(`\n▶ ${step.name}`);
  const t0 = Date.now();
  const result = spawnSync(step.command, step.args, { stdio: "inherit", env: { ...baseEnv, ...step.env } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  timings.push(`${step.name.padEnd(44)} ${seconds.padStart(7)} s  ${result.status === 0 ? "ok" : "FAILED"}`);
  if (result.status !== 0) {
    console.error(`\n✗ ${step.name} failed (exit ${result.status ?? result.signal}).`);
    console.log(timings.join("\n"));
    process.exit(1);
  }
}

try {
  const chromium = ensureChromium();
  baseEnv.CHROMIUM_PATH = chromium;
  console.log(`[preflight] Chromium: ${chromium}`);
} catch (error) {
  console.error(`[preflight] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

for (const step of steps) run(step);
console.log(`\n${timings.join("\n")}\n${"total".padEnd(44)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s`);
