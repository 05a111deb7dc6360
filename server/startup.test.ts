import { spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type AddressInfo, type Server } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A worker or `keys:rotate` started by hand on a production host, without NODE_ENV: before the
// fix it generated dev secrets (then marked items "remove and connect again" for a wrong key) or
// sent decrypted tokens to the emulator's address. Every entry point must stop first.

/** An address of this machine that is not loopback, so the "database" is reachable but remote-looking. */
const externalAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;

let database: Server;
let connections = 0;
let databaseUrl = "postgres://app:pw@db.invalid:5432/ledgerlink";

beforeAll(async () => {
  database = createServer((socket) => {
    connections += 1;
    socket.destroy();
  });
  if (!externalAddress) return;
  await new Promise<void>((resolve) => database.listen(0, externalAddress, resolve));
  databaseUrl = `postgres://app:pw@${externalAddress}:${(database.address() as AddressInfo).port}/ledgerlink`;
});

afterAll(() => new Promise<void>((resolve) => database.close(() => resolve())));

function run(entry: string, dataDir: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  // Only what a bare shell has: no NODE_ENV (vitest's "test" is not passed on), no secrets.
  // (Next's types declare NODE_ENV always present; leaving it out is the point.)
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: databaseUrl, DATA_DIR: dataDir } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", entry], { cwd: process.cwd(), env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr, stdout }));
  });
}

describe("entry points with a non-loopback DATABASE_URL and no NODE_ENV", () => {
  for (const [name, entry] of [
    ["worker", "server/jobs/worker-cli.ts"],
    ["keys:rotate", "server/crypto/rotate-keys-cli.ts"],
    ["db:migrate", "db/migrate-cli.ts"],
  ] as const) {
    it(`${name} exits 1 with one line listing every missing production setting, before connecting or writing dev secrets`, async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "ledgerlink-startup-"));
      const before = connections;
      const result = await run(entry, dataDir);
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^\\[${name}\\] Invalid environment: DATABASE_URL is not on this machine, so production rules apply`));
      for (const key of ["PLAID_ENV", "PUBLIC_URL", "AUTH_SECRET", "TOKEN_ENCRYPTION_KEYS"]) expect(lines[0]).toContain(`${key} is required`);
      expect(result.stdout).toBe("");
      expect(connections - before, "connections to the database").toBe(0);
      expect(existsSync(path.join(dataDir, "dev-secrets.json"))).toBe(false);
    }, 60_000);
  }
});
