/* global process, console */
// `npm run worker | db:migrate | keys:rotate` → `node scripts/run-tool.mjs <tool> [flags]`: runs
// the bundle `npm run build` wrote (dist/<tool>.js, plain JavaScript) when it is newer than every
// source file, and otherwise the TypeScript through tsx, so a developer never runs a stale bundle.
// One process either way: signals reach the tool itself.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SOURCE_FOLDERS, TOOLS } from "./tools.mjs";

const root = path.resolve(import.meta.dirname, "..");
// The tool's own flags follow its name: drop the name so it reads process.argv as usual.
const [name = ""] = process.argv.splice(2, 1);
const tool = Object.hasOwn(TOOLS, name) ? TOOLS[name] : undefined;
if (!tool) {
  console.error(`usage: node scripts/run-tool.mjs <${Object.keys(TOOLS).join("|")}> [flags]`);
  process.exit(2);
}

function newestSource(folder) {
  let newest = 0;
  if (!existsSync(folder)) return newest;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|tsx|sql|json)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

const bundle = path.join(root, tool.bundle);
const bundleTime = existsSync(bundle) ? statSync(bundle).mtimeMs : 0;
const sourceTime = Math.max(...SOURCE_FOLDERS.map((folder) => newestSource(path.join(root, folder))));
if (bundleTime > 0 && bundleTime >= sourceTime) {
  await import(pathToFileURL(bundle).href);
} else {
  if (bundleTime > 0) console.error(`[run-tool] ${tool.bundle} is older than the source: running the TypeScript (npm run build:tools refreshes it)`);
  const { register } = await import("tsx/esm/api");
  register();
  await import(pathToFileURL(path.join(root, tool.entry)).href);
}
