import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { createDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../embedded-postgres";
import { spawnManaged, type ManagedProcess } from "./child-process";
import { startPlaidRecorder, type PlaidRecorder } from "./plaid-recorder";
import { startRoundRobinFront, type RoundRobinFront } from "./round-robin-front";

/** Secrets of this run, generated fresh so the scan can look for them by value. */
export interface ClusterSecrets {
  authSecret: string;
  tokenEncryptionKey: string;
  tokenEncryptionKeys: string;
  plaidSecret: string;
  metricsToken: string;
}

export interface Cluster {
  root: string;
  logDir: string;
  secrets: ClusterSecrets;
  databaseUrl: string;
  sql: postgres.Sql;
  emulatorUrl: string;
  emulatorDataFile: string;
  front: RoundRobinFront;
  recorder: PlaidRecorder;
  apps: ManagedProcess[];
  appUrls: string[];
  workers: ManagedProcess[];
  /** SIGKILLs worker `index` (no cleanup at all) and starts a fresh one in its place. */
  killWorker(index: number): Promise<void>;
  startWorker(index: number): Promise<ManagedProcess>;
  stopDatabase(): Promise<void>;
  startDatabase(): Promise<void>;
  /** Every child ever started (killed workers included), for the log scan. */
  everyProcess: ManagedProcess[];
  shutdown(): Promise<void>;
}

const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const WORKER_LEASE_MS = 2_000;

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

async function waitForHttp(url: string, timeoutMs: number, process: ManagedProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (process.child.exitCode !== null) throw new Error(`${process.name} exited with ${process.child.exitCode}:\n${process.lines().slice(-30).map((l) => l.text).join("\n")}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * How the production build is started: `next start` on .next, or the standalone server when the
 * build is standalone and `next start` refuses it (next.config.js `output: "standalone"`).
 */
type Env = Record<string, string | undefined>;

function appCommand(port: number): { command: string; args: string[]; env: Env } {
  const standalone = path.join(REPO, ".next/standalone/server.js");
  if (process.env.RELIABILITY_APP_SERVER === "standalone" && existsSync(standalone)) {
    return { command: process.execPath, args: [standalone], env: { PORT: String(port), HOSTNAME: "127.0.0.1" } };
  }
  return { command: process.execPath, args: [path.join(REPO, "node_modules/next/dist/bin/next"), "start", "-p", String(port), "-H", "127.0.0.1"], env: {} };
}

export async function startCluster(): Promise<Cluster> {
  // Under the temp dir: as root, PostgreSQL's data folder must be reachable by the postgres user.
  const root = mkdtempSync(path.join(tmpdir(), "ledgerlink-reliability-"));
  chmodSync(root, 0o755);
  const logDir = path.join(root, "logs");
  mkdirSync(logDir, { recursive: true });
  const keyBytes = randomBytes(32).toString("base64");
  const secrets: ClusterSecrets = {
    authSecret: randomBytes(33).toString("base64url"),
    tokenEncryptionKey: keyBytes,
    tokenEncryptionKeys: `rel1:${keyBytes}`,
    // The emulator only knows its fixed secret (emulator/server.ts); the scan looks for it too.
    plaidSecret: "emulator-secret",
    metricsToken: randomBytes(24).toString("hex"),
  };
  const everyProcess: ManagedProcess[] = [];
  const spawn = (name: string, command: string, args: string[], env: Env) => {
    const child = spawnManaged({ name, command, args, env: { ...process.env, ...env }, cwd: REPO, logDir });
    everyProcess.push(child);
    return child;
  };

  const pgDir = path.join(root, "pg");
  const pgPort = await freePort();
  let database: ThrowawayPostgres = await startThrowawayPostgres({ persistentDir: pgDir, port: pgPort });
  const databaseUrl = database.url;
  const handle = createDatabase({ driver: "postgres", url: databaseUrl, maxConnections: 1 });
  await migrateDatabase(handle);
  await handle.close();
  const sql = postgres(databaseUrl, { max: 4, onnotice: () => {}, connect_timeout: 2 });

  const emulatorPort = await freePort();
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
  const emulatorDataFile = path.join(root, "emulator.json");
  const emulator = spawn("emulator", process.execPath, ["--import", "tsx", "emulator/main.ts"], {
    PLAID_EMULATOR_PORT: String(emulatorPort),
    PLAID_EMULATOR_HOST: "127.0.0.1",
    PLAID_EMULATOR_DATA_FILE: emulatorDataFile,
    PLAID_EMULATOR_SEED: "reliability",
    // 30 s, 2 min, 8 min … retries become 0.3 s, 1.2 s, 4.8 s, 19 s.
    PLAID_EMULATOR_TIME_SCALE: "0.01",
    PLAID_EMULATOR_HISTORY_DELAY_MS: "0",
    // The storm and the crash loop sync far more often than Plaid's 50 a minute; 429s come from fault injection only.
    PLAID_EMULATOR_RATE_LIMIT: "0",
  });
  await emulator.waitForLine(/listening on/, 60_000);
  const recorder = startPlaidRecorder(emulatorUrl);

  const appPorts = [await freePort(), await freePort()];
  const appUrls = appPorts.map((port) => `http://127.0.0.1:${port}`);
  const front = await startRoundRobinFront(() => appUrls);
  const commonEnv = async (source: string): Promise<Env> => ({
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: databaseUrl,
    DATA_DIR: path.join(root, `data-${source}`),
    AUTH_SECRET: secrets.authSecret,
    AUTH_TRUST_HOST: "true",
    TOKEN_ENCRYPTION_KEYS: secrets.tokenEncryptionKeys,
    PLAID_ENV: "emulator",
    PLAID_SECRET: secrets.plaidSecret,
    PLAID_BASE_URL: await recorder.urlFor(source),
    PUBLIC_URL: front.url,
    RUN_WORKER: "false",
    LOG_LEVEL: "info",
    METRICS_TOKEN: secrets.metricsToken,
  });

  const apps = await Promise.all(
    appPorts.map(async (port, index) => {
      const how = appCommand(port);
      return spawn(`app-${index + 1}`, how.command, how.args, { ...(await commonEnv(`app-${index + 1}`)), ...how.env });
    }),
  );
  await Promise.all(apps.map((app, index) => waitForHttp(`${appUrls[index]}/api/health`, 120_000, app)));

  const workers: ManagedProcess[] = [];
  let generation = 0;
  async function startWorker(index: number): Promise<ManagedProcess> {
    generation += 1;
    const source = `worker-${index + 1}`;
    // `npm run worker`'s launcher: the production bundle (dist/worker.js, built by `npm test`'s
    // build step) when it is current, the TypeScript otherwise.
    const worker = spawn(`${source}.${generation}`, process.execPath, ["scripts/run-tool.mjs", "worker", "--lease-ms", String(WORKER_LEASE_MS), "--concurrency", "2"], await commonEnv(source));
    workers[index] = worker;
    await worker.waitForLine(/job worker started/, 60_000);
    return worker;
  }
  await Promise.all([startWorker(0), startWorker(1)]);

  return {
    root,
    logDir,
    secrets,
    databaseUrl,
    sql,
    emulatorUrl,
    emulatorDataFile,
    front,
    recorder,
    apps,
    appUrls,
    workers,
    everyProcess,
    startWorker,
    async killWorker(index) {
      const worker = workers[index];
      if (worker) {
        worker.kill("SIGKILL");
        await worker.exited;
      }
      await startWorker(index);
    },
    async stopDatabase() {
      await database.stop();
    },
    async startDatabase() {
      database = await startThrowawayPostgres({ persistentDir: pgDir, port: pgPort });
    },
    async shutdown() {
      await Promise.all(everyProcess.map((child) => child.stop(5_000)));
      await sql.end({ timeout: 1 }).catch(() => undefined);
      await front.close();
      await recorder.close();
      await database.stop().catch(() => undefined);
      if (!process.env.RELIABILITY_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Text of every file under .next/static (the client bundle), for the secret scan. */
export function readStaticFiles(dir = path.join(REPO, ".next/static")): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ file: path.relative(REPO, full), text: readFileSync(full, "latin1") });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}
