import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { jobs } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { TOOLS } from "../scripts/tools.mjs";
import { benchPlaidDeps } from "./bench-plaid-deps";
import { procStatusMb } from "./process-memory";
import { connectItem } from "./sync-throughput";

export type WorkerRuntime = "bundle" | "tsx";

export interface WorkerMemoryFigures {
  runtime: WorkerRuntime;
  transactions: number;
  /** From the job's enqueueing until the worker marked it succeeded. */
  jobSeconds: number;
  /** The worker once it said "job worker started", and its peak (VmHWM) after the sync. */
  rssAtStartMb: number;
  peakRssMb: number;
}

const COMMANDS: Record<WorkerRuntime, string[]> = {
  // What the tools image runs, and `npm run worker` after `npm run build`.
  bundle: [TOOLS.worker.bundle, "--concurrency", "1"],
  // What `npm run worker` ran before the bundle (and still runs without one).
  tsx: ["--import", "tsx", TOOLS.worker.entry, "--concurrency", "1"],
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A real `npm run worker` process (production settings, one job at a time) doing one sync of an
 * item holding `size` transactions at the emulator, from an empty cursor: its resident set at
 * start and its peak. The same job under the esbuild bundle and under tsx tells what the
 * TypeScript loader costs in production.
 */
export async function benchWorkerMemory(handle: DatabaseHandle, databaseUrl: string, emulatorUrl: string, size: number, runtime: WorkerRuntime): Promise<WorkerMemoryFigures> {
  if (runtime === "bundle") {
    const built = spawnSync(process.execPath, ["scripts/bundle-tools.mjs"], { stdio: "inherit" });
    if (built.status !== 0) throw new Error("bundle-tools failed");
  }
  const keys = `bench:${randomBytes(32).toString("base64")}`;
  const item = await connectItem(handle, benchPlaidDeps(emulatorUrl, keys), emulatorUrl, size);

  const child = spawn(process.execPath, COMMANDS[runtime], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "ledgerlink-bench-worker-")),
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      TOKEN_ENCRYPTION_KEYS: keys,
      PUBLIC_URL: "http://localhost:3000",
      PLAID_ENV: "emulator",
      PLAID_BASE_URL: emulatorUrl,
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const pid = child.pid ?? 0;
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      let buffered = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk;
        if (buffered.includes("job worker started")) resolve();
      });
      void exited.then((code) => reject(new Error(`worker exited ${String(code)} before starting: ${buffered}`)));
    });
    const rssAtStartMb = procStatusMb("VmRSS", pid) ?? Number.NaN;
    const t0 = performance.now();
    const job = await enqueueJob(handle.db, { kind: "sync-transactions", key: item.id });
    for (;;) {
      const [row] = await handle.db.select({ state: jobs.state, lastError: jobs.lastError }).from(jobs).where(eq(jobs.id, job.id));
      if (row?.state === "succeeded") break;
      if (row?.state === "failed") throw new Error(`sync job failed: ${row.lastError ?? ""}`);
      await sleep(200);
    }
    const jobSeconds = (performance.now() - t0) / 1000;
    const peakRssMb = procStatusMb("VmHWM", pid) ?? Number.NaN;
    return { runtime, transactions: size, jobSeconds, rssAtStartMb, peakRssMb };
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}
