import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm run worker` → scripts/run-tool.mjs: the bundle when `npm run build` made a current one, the
// TypeScript through tsx otherwise (a stale bundle would run yesterday's code). Checked on a copy
// of the launcher whose "bundle" and "source" only say which one ran and with which flags.

function project() {
  const root = mkdtempSync(path.join(tmpdir(), "ledgerlink-run-tool-"));
  mkdirSync(path.join(root, "scripts"));
  for (const file of ["run-tool.mjs", "tools.mjs"]) cpSync(path.join("scripts", file), path.join(root, "scripts", file));
  symlinkSync(path.resolve("node_modules"), path.join(root, "node_modules"));
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ type: "module" }));
  mkdirSync(path.join(root, "server", "jobs"), { recursive: true });
  mkdirSync(path.join(root, "db"));
  mkdirSync(path.join(root, "dist"));
  const source = path.join(root, "server", "jobs", "worker-cli.ts");
  writeFileSync(source, 'const ran: string = "source"; console.log(ran, process.argv.slice(2).join(" "));\n');
  const bundle = path.join(root, "dist", "worker.js");
  writeFileSync(bundle, 'console.log("bundle", process.argv.slice(2).join(" "));\n');
  const run = () => spawnSync(process.execPath, [path.join(root, "scripts", "run-tool.mjs"), "worker", "--concurrency", "2"], { encoding: "utf8", timeout: 30_000 });
  const age = (file: string, secondsAgo: number) => {
    const when = new Date(Date.now() - secondsAgo * 1000);
    utimesSync(file, when, when);
  };
  return { source, bundle, run, age };
}

describe("npm run worker's launcher", () => {
  it("runs the bundle, with the worker's flags, when it is newer than every source file", () => {
    const tool = project();
    tool.age(tool.source, 60);
    const result = tool.run();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("bundle --concurrency 2");
    expect(result.stderr).toBe("");
  });

  it("runs the TypeScript through tsx, and says why, when a source file changed after the bundle", () => {
    const tool = project();
    tool.age(tool.bundle, 60);
    const result = tool.run();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("source --concurrency 2");
    expect(result.stderr).toContain("dist/worker.js is older than the source");
  });

  it("runs the TypeScript through tsx without a word when nothing was built", () => {
    const tool = project();
    rmSync(tool.bundle);
    const result = tool.run();
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toBe("source --concurrency 2");
    expect(result.stderr).toBe("");
  });
});
