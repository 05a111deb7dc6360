import { chmodSync, cpSync, lstatSync, mkdtempSync, rmSync } from "node:fs";
import { arch, platform, tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { startThrowawayPostgres } from "./embedded-postgres";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

describe("the throwaway PostgreSQL", () => {
  const cleanup: string[] = [];
  afterAll(() => cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  // The fresh-clone cases that once failed: root, with the clone (and so node_modules) inside a
  // 0700 folder the `postgres` user cannot enter (`spawn …/initdb EACCES`), and an install whose
  // skipped install script never made the library symlinks (`libicuuc.so.60: cannot open`).
  it.runIf(isRoot)("starts as root from a fresh install inside a folder only root can enter", async () => {
    const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string };
    const privateClone = mkdtempSync(path.join(tmpdir(), "ledgerlink-private-clone-"));
    chmodSync(privateClone, 0o700);
    cleanup.push(privateClone);
    const nativeDir = path.join(privateClone, "node_modules", "native");
    cpSync(path.dirname(path.dirname(binaries.initdb)), nativeDir, { recursive: true, filter: (from) => !lstatSync(from).isSymbolicLink() });

    const server = await startThrowawayPostgres({ nativeDir });
    cleanup.push(server.stagedNativeDir);
    try {
      const sql = postgres(server.url, { max: 1, onnotice: () => {} });
      const [row] = await sql<{ ok: number }[]>`select 1 as ok`;
      await sql.end();
      expect(row?.ok).toBe(1);
      expect(server.stagedNativeDir.startsWith(privateClone)).toBe(false);
    } finally {
      await server.stop();
    }
  });

  it("answers queries and removes its data folder when stopped", async () => {
    const server = await startThrowawayPostgres();
    const sql = postgres(server.url, { max: 1, onnotice: () => {} });
    const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
    await sql.end();
    await server.stop();
    expect(row?.version).toMatch(/^\d+/);
  });
});
