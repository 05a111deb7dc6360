import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DevSecretsError, loadOrCreateDevSecrets } from "./dev-secrets";

const scratch = () => mkdtempSync(path.join(tmpdir(), "ledgerlink-dev-secrets-"));

/** A fresh process loading the secrets, as `next dev`, the worker and the emulator-backed e2e app each do. */
function loadInChild(dataDir: string, startAt: number): Promise<string> {
  // Every child loads the module first, then waits for the same instant (a timer, then a short
  // spin for sub-millisecond alignment), so the reads and creations really overlap instead of
  // being spread over the children's start-up times. The old read-or-overwrite code returned
  // different secrets to different children in most runs of this.
  const script = [
    "const at = Number(process.argv[2]);",
    "const now = () => performance.timeOrigin + performance.now();",
    "import('./server/dev-secrets.ts').then((m) => setTimeout(() => {",
    "  while (now() < at);",
    "  process.stdout.write(JSON.stringify(m.loadOrCreateDevSecrets(process.argv[1])));",
    "}, Math.max(0, at - now() - 5)));",
  ].join("\n");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "-e", script, dataDir, String(startAt)], { cwd: process.cwd(), stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe("development secrets", () => {
  it("creates DATA_DIR private (0700) and the file readable by its owner only (0600)", () => {
    const dataDir = path.join(scratch(), "data");
    loadOrCreateDevSecrets(dataDir);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(dataDir, "dev-secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("fails loudly on a file it cannot parse and leaves it exactly as it was", () => {
    for (const corrupt of ['{"authSecret": "trunc', '{"authSecret":"short","tokenEncryptionKeys":"dev1:x"}', ""]) {
      const dataDir = scratch();
      const file = path.join(dataDir, "dev-secrets.json");
      writeFileSync(file, corrupt, { mode: 0o600 });
      expect(() => loadOrCreateDevSecrets(dataDir), corrupt).toThrow(DevSecretsError);
      expect(() => loadOrCreateDevSecrets(dataDir)).toThrow(/fix or delete it by hand/);
      expect(readFileSync(file, "utf8")).toBe(corrupt);
      expect(readdirSync(dataDir)).toEqual(["dev-secrets.json"]);
    }
  });

  it("fails loudly when the file exists but cannot be read, without replacing it", () => {
    const dataDir = scratch();
    const file = path.join(dataDir, "dev-secrets.json");
    // A directory in its place: reading fails with EISDIR, as an unreadable file would.
    mkdirSync(file);
    expect(() => loadOrCreateDevSecrets(path.dirname(file))).toThrow(/cannot read .*dev-secrets.json \(EISDIR\)/);
    expect(statSync(file).isDirectory()).toBe(true);
  });

  it("converges on one set of secrets when 10 processes start at once on an empty DATA_DIR", async () => {
    const dataDir = path.join(scratch(), "data");
    const startAt = Date.now() + 4_000;
    const answers = await Promise.all(Array.from({ length: 10 }, () => loadInChild(dataDir, startAt)));
    const stored = readFileSync(path.join(dataDir, "dev-secrets.json"), "utf8");
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0] ?? "")).toEqual(JSON.parse(stored));
    // No temp files left behind by the losers.
    expect(readdirSync(dataDir)).toEqual(["dev-secrets.json"]);
  }, 60_000);
});
