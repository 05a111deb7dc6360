import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDatabase } from "./client";

describe("PGlite data folder ownership", () => {
  it("refuses a folder another live process holds, naming it, and takes over a stale lock", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "ledgerlink-pglite-"));
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(path.join(dataDir, "ledgerlink.pid"), String(other.pid));
      expect(() => createDatabase({ driver: "pglite", dataDir })).toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill("SIGKILL");
    }
    await new Promise((resolve) => other.once("exit", resolve));

    // The holder is gone: its lock no longer blocks anyone.
    const handle = createDatabase({ driver: "pglite", dataDir });
    expect(existsSync(path.join(dataDir, "ledgerlink.pid"))).toBe(true);
    await handle.close();
    expect(existsSync(path.join(dataDir, "ledgerlink.pid"))).toBe(false);
  });
});
