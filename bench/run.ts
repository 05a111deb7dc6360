/**
 * `npm run bench`: webhook intake (on a bare Node server and inside the built app), sync
 * throughput with the app's own peak memory, explorer reads and first-load JS, on a throwaway
 * PostgreSQL (or BENCH_DATABASE_URL). Prints tables with ratios so a noisy machine matters less,
 * and merges the figures into bench/results.json with the machine's core count, Node version and
 * date. Never part of the tests; never asserts.
 *
 * BENCH_ONLY=intake,app,sync,worker,reads,pages,lighthouse picks parts (default: all); BENCH_SIZES=1000,10000
 * limits the sync sizes; BENCH_WORKER_SIZE=100000 is the worker-memory sync's size; BENCH_WEBHOOKS=500 shortens the intake runs; BENCH_PAGES=0 skips
 * first-load JS; BENCH_LIGHTHOUSE_RUNS=1 runs Lighthouse once per page (default 3, median kept).
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import postgres from "postgres";
import { createDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { startThrowawayPostgres } from "@/test/embedded-postgres";
import { startEmulatorProcess } from "./emulator-process";
import { measureLighthouse } from "./lighthouse";
import { fmt, table, type LoadResult } from "./measure";
import { measurePageWeights } from "./page-weight";
import { machine, mergeBenchResults } from "./results-file";
import { benchSync, SYNC_RUNTIME, type SyncFigures } from "./sync-throughput";
import { benchSyncWithRules } from "./sync-with-rules";
import { benchTransactionReads, printTransactionReads, saveTransactionReads } from "./transaction-reads";
import { benchWebhookIntake } from "./webhook-intake";
import { benchWebhookIntakeInApp } from "./webhook-intake-app";
import { benchWorkerMemory, type WorkerMemoryFigures } from "./worker-memory";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").filter(Boolean).map(Number);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const CONCURRENCY = 50;
const PARTS = new Set((process.env.BENCH_ONLY ?? "intake,app,sync,worker,reads,pages,lighthouse").split(",").map((part) => part.trim()));
const WORKER_SIZE = Number(process.env.BENCH_WORKER_SIZE ?? 100_000);

// Each section says when and under what load it was measured: a partial run keeps older sections.
const stamp = () => {
  const { date, loadAverage1m } = machine();
  return { measuredAt: date, loadAverage1m };
};
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const loadFigures = (r: LoadResult) => ({ perSecond: round(r.perSecond, 0), p50Ms: round(r.p50), p95Ms: round(r.p95), p99Ms: round(r.p99), failed: r.failures });
const loadRow = (name: string, r: LoadResult, base: LoadResult) => [
  name,
  fmt(r.perSecond, 0),
  fmt(r.p50),
  fmt(r.p95),
  fmt(r.p99),
  r.failures,
  `${fmt(r.perSecond / base.perSecond, 2)}×`,
];
const LOAD_HEADERS = ["req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "vs bare"];

async function intakeOnBareServer(handle: Parameters<typeof benchWebhookIntake>[0]): Promise<void> {
  const { intake, verifyOnly, bare } = await benchWebhookIntake(handle, WEBHOOKS, CONCURRENCY);
  console.log(`Webhook intake on a bare Node server (serve-webhook-intake.ts): ${WEBHOOKS} signed deliveries, ${CONCURRENCY} concurrent senders`);
  console.log(
    table(
      ["handler", ...LOAD_HEADERS],
      [loadRow("bare 200", bare, bare), loadRow("verify only (no database)", verifyOnly, bare), loadRow("verify+record+enqueue", intake, bare)],
    ),
  );
  await mergeBenchResults({
    webhookIntake: {
      bareServer: {
        ...stamp(),
        deliveries: WEBHOOKS,
        concurrency: CONCURRENCY,
        bare: loadFigures(bare),
        verifyOnly: loadFigures(verifyOnly),
        intake: loadFigures(intake),
        ratio: round(intake.perSecond / bare.perSecond),
      },
    },
  });
}

async function intakeInApp(handle: Parameters<typeof benchWebhookIntakeInApp>[0], databaseUrl: string): Promise<boolean> {
  const inApp = await benchWebhookIntakeInApp(handle, databaseUrl, WEBHOOKS, CONCURRENCY);
  if (!inApp) return false;
  const { intake, bare } = inApp;
  console.log(`\nWebhook intake inside the built app (next start): ${WEBHOOKS} deliveries, ${CONCURRENCY} concurrent senders`);
  console.log(table(["route", ...LOAD_HEADERS], [loadRow("GET /api/health (bare 200)", bare, bare), loadRow("POST /api/plaid/webhook", intake, bare)]));
  await mergeBenchResults({
    webhookIntake: {
      inApp: { ...stamp(), deliveries: WEBHOOKS, concurrency: CONCURRENCY, health: loadFigures(bare), intake: loadFigures(intake), ratio: round(intake.perSecond / bare.perSecond) },
    },
  });
  return true;
}

async function syncThroughput(handle: Parameters<typeof benchSync>[0], databaseUrl: string): Promise<void> {
  const emulator = await startEmulatorProcess();
  const figures: SyncFigures[] = [];
  try {
    for (const size of SIZES) {
      figures.push(await benchSync(handle, databaseUrl, emulator.url, size));
      console.error(`[bench] sync ${size} done`);
    }
  } finally {
    await emulator.close();
  }
  const rates = figures.map((f) => ({
    f,
    sync: f.transactions / (f.syncMs / 1000),
    insert: f.transactions / (f.insertMs / 1000),
    rowByRow: f.rowByRowRowsMeasured / (f.rowByRowMs / 1000),
  }));
  console.log(
    `\nSync: emulator (own process) over HTTP → PostgreSQL, one item, empty cursor, pages of 500; the sync in its own process (${SYNC_RUNTIME === "compiled" ? "compiled, plain Node" : "tsx"}), RSS from its VmHWM`,
  );
  console.log(
    table(
      ["transactions", "pages", "sync s", "sync tx/s", "plain INSERT tx/s", "row-by-row tx/s", "vs INSERT", "vs row-by-row", "app RSS at start MB", "app peak RSS MB"],
      rates.map(({ f, sync, insert, rowByRow }) => [
        f.transactions,
        f.pages,
        fmt(f.syncMs / 1000, 2),
        fmt(sync, 0),
        fmt(insert, 0),
        fmt(rowByRow, 0),
        `${fmt(sync / insert, 2)}×`,
        `${fmt(sync / rowByRow, 1)}×`,
        fmt(f.appRssBeforeMb, 0),
        fmt(f.appPeakRssMb, 0),
      ]),
    ),
  );
  // Keyed by how the sync ran (compiled | tsx), so a run of one keeps the other's figures.
  await mergeBenchResults({
    sync: {
      [SYNC_RUNTIME]: rates.map(({ f, sync, insert, rowByRow }) => ({
        ...stamp(),
        transactions: f.transactions,
        pages: f.pages,
        syncSeconds: round(f.syncMs / 1000),
        syncTxPerSecond: round(sync, 0),
        plainInsertTxPerSecond: round(insert, 0),
        rowByRowTxPerSecond: round(rowByRow, 0),
        appRssAtStartMb: round(f.appRssBeforeMb, 0),
        appPeakRssMb: round(f.appPeakRssMb, 0),
      })),
    },
  });
}

/** A real worker process syncing one item, under the production bundle and under tsx. */
async function workerMemory(handle: Parameters<typeof benchWorkerMemory>[0], databaseUrl: string): Promise<void> {
  const emulator = await startEmulatorProcess();
  const figures: WorkerMemoryFigures[] = [];
  try {
    for (const runtime of ["bundle", "tsx"] as const) {
      figures.push(await benchWorkerMemory(handle, databaseUrl, emulator.url, WORKER_SIZE, runtime));
      console.error(`[bench] worker (${runtime}) done`);
    }
  } finally {
    await emulator.close();
  }
  console.log(`\nWorker process memory: \`npm run worker\` (production settings, concurrency 1) syncing one item of ${WORKER_SIZE} transactions`);
  console.log(
    table(
      ["runtime", "command", "job s", "RSS at start MB", "peak RSS MB"],
      figures.map((f) => [f.runtime, f.runtime === "bundle" ? "node dist/worker.js" : "node --import tsx server/jobs/worker-cli.ts", fmt(f.jobSeconds, 2), fmt(f.rssAtStartMb, 0), fmt(f.peakRssMb, 0)]),
    ),
  );
  await mergeBenchResults({
    workerMemory: Object.fromEntries(
      figures.map((f) => [f.runtime, { ...stamp(), transactions: f.transactions, jobSeconds: round(f.jobSeconds), rssAtStartMb: round(f.rssAtStartMb, 0), peakRssMb: round(f.peakRssMb, 0) }]),
    ),
  });
}

// BENCH_ONLY=rules: a 100k first sync without rules and with 50 (issue 16: within 1.3×); part of the default run.
const RULES_SIZE = Number(process.env.BENCH_RULES_SIZE ?? 100_000);

async function syncWithRules(handle: Parameters<typeof benchSyncWithRules>[0], databaseUrl: string): Promise<void> {
  const emulator = await startEmulatorProcess();
  try {
    const f = await benchSyncWithRules(handle, databaseUrl, emulator.url, RULES_SIZE);
    const ratio = f.withRulesMs / f.withoutRulesMs;
    console.log(`\nSync with rules: ${String(f.transactions)} transactions from an empty cursor, the same child process as above; rules evaluated set-based in the sync's write transaction`);
    console.log(
      table(
        ["rules", "sync s", "sync tx/s", "vs no rules", "transactions a rule marked"],
        [
          [`0 (mean of ${fmt(f.withoutRulesRunsMs[0] / 1000, 2)} s before and ${fmt(f.withoutRulesRunsMs[1] / 1000, 2)} s after)`, fmt(f.withoutRulesMs / 1000, 2), fmt(f.transactions / (f.withoutRulesMs / 1000), 0), "1.00×", 0],
          [f.rules, fmt(f.withRulesMs / 1000, 2), fmt(f.transactions / (f.withRulesMs / 1000), 0), `${fmt(ratio, 2)}×`, f.marked],
        ],
      ),
    );
    await mergeBenchResults({
      syncWithRules: {
        ...stamp(),
        runtime: SYNC_RUNTIME,
        transactions: f.transactions,
        rules: f.rules,
        withoutRulesSeconds: round(f.withoutRulesMs / 1000),
        withRulesSeconds: round(f.withRulesMs / 1000),
        ratio: round(ratio),
        marked: f.marked,
      },
    });
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startThrowawayPostgres();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? server?.url ?? "";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `bench_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const handle = createDatabase({ driver: "postgres", url: databaseUrl, maxConnections: 20 });

  try {
    await migrateDatabase(handle);
    const host = machine();
    console.log(`Ledgerlink bench · ${String(host.cores)} cores (${String(host.cpu)}) · Node ${process.version} · load ${String(host.loadAverage1m)}\n`);
    await mergeBenchResults({ machine: host });

    if (PARTS.has("intake")) await intakeOnBareServer(handle);
    const inApp = PARTS.has("app") ? await intakeInApp(handle, databaseUrl) : false;
    // The page rows need a `next build` too (intakeInApp says so when it skips).
    const built = inApp || (!PARTS.has("app") && existsSync(".next/BUILD_ID"));
    if (PARTS.has("sync")) await syncThroughput(handle, databaseUrl);
    if (PARTS.has("rules") || process.env.BENCH_ONLY === undefined) await syncWithRules(handle, databaseUrl);
    if (PARTS.has("worker")) await workerMemory(handle, databaseUrl);
    if (PARTS.has("reads")) {
      // Its own data: 100k transactions for one user among 1M (BENCH_READS_USER_ROWS / _TOTAL_ROWS).
      const reads = await benchTransactionReads(handle);
      printTransactionReads(reads);
      await saveTransactionReads(reads);
    }
    if (PARTS.has("pages") && process.env.BENCH_PAGES !== "0" && built) {
      console.log("\nFirst-load JavaScript (scripts from our origin, cold cache)");
      const weights = await measurePageWeights();
      console.log(table(["route", "scripts", "raw KiB", "transferred KiB"], weights.map((w) => [w.route, w.scripts, fmt(w.rawKiB, 1), fmt(w.transferredKiB, 1)])));
      await mergeBenchResults({ firstLoadJs: Object.fromEntries(weights.map((w) => [w.route, { scripts: w.scripts, rawKiB: w.rawKiB, transferredKiB: w.transferredKiB }])) });
    }
    if (PARTS.has("lighthouse") && built) {
      console.log("\nLighthouse (performance, accessibility; median of runs; no network)");
      const scores = await measureLighthouse();
      console.log(
        table(
          ["page", "preset", "performance", "accessibility", "FCP ms", "LCP ms", "TBT ms", "CLS", "runs"],
          scores.map((s) => [s.page, s.preset, s.performance ?? "—", s.accessibility ?? "—", fmt(s.fcpMs ?? 0, 0), fmt(s.lcpMs ?? 0, 0), fmt(s.tbtMs ?? 0, 0), fmt(s.cls ?? 0, 3), s.performanceRuns.join(" ")]),
        ),
      );
      const entries = scores.map(({ page, preset, ...figures }) => [page, { [preset]: figures }] as const);
      const lighthouse: Record<string, Record<string, unknown>> = {};
      for (const [page, byPreset] of entries) lighthouse[page] = { ...lighthouse[page], ...byPreset };
      await mergeBenchResults({ lighthouse });
    }
    console.log("\nFigures merged into bench/results.json.");
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end({ timeout: 5 });
    await server?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
