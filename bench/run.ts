/**
 * `npm run bench`: webhook intake and sync throughput on a throwaway PostgreSQL (or
 * BENCH_DATABASE_URL), printed as a table with ratios so a noisy machine matters less.
 * Never part of the tests. BENCH_SIZES=1000,10000 limits the sync sizes.
 */
import { randomBytes } from "node:crypto";
import { availableParallelism, cpus } from "node:os";
import postgres from "postgres";
import { startEmulator } from "@/emulator/server";
import { createDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { startThrowawayPostgres } from "@/test/embedded-postgres";
import { fmt, table } from "./measure";
import { benchSync } from "./sync-throughput";
import { benchTransactionReads, printTransactionReads, saveTransactionReads } from "./transaction-reads";
import { measurePageWeights } from "./page-weight";
import { benchWebhookIntake } from "./webhook-intake";
import { benchWebhookIntakeInApp } from "./webhook-intake-app";

const SIZES = (process.env.BENCH_SIZES ?? "1000,10000,100000").split(",").filter(Boolean).map(Number);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 3000);
const CONCURRENCY = 50;

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ? null : await startThrowawayPostgres();
  const adminUrl = process.env.BENCH_DATABASE_URL ?? server?.url ?? "";
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const name = `bench_${randomBytes(4).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ driver: "postgres", url: url.toString(), maxConnections: 20 });
  await migrateDatabase(handle);
  const emulator = await startEmulator({ port: 0, timeScale: 0.001, readyDelayMs: 0, rateLimitPerMinute: 0 });

  try {
    console.log(`Ledgerlink bench · ${availableParallelism()} cores (${cpus()[0]?.model ?? "unknown cpu"}) · Node ${process.version}\n`);

    const { intake, verifyOnly, bare } = await benchWebhookIntake(handle, WEBHOOKS, CONCURRENCY);
    console.log(`Webhook intake: ${WEBHOOKS} signed deliveries, ${CONCURRENCY} concurrent senders`);
    console.log(
      table(
        ["handler", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "vs bare"],
        [
          ["bare 200", fmt(bare.perSecond, 0), fmt(bare.p50), fmt(bare.p95), fmt(bare.p99), bare.failures, "1.00×"],
          ["verify only (no database)", fmt(verifyOnly.perSecond, 0), fmt(verifyOnly.p50), fmt(verifyOnly.p95), fmt(verifyOnly.p99), verifyOnly.failures, `${fmt(verifyOnly.perSecond / bare.perSecond, 2)}×`],
          ["verify+record+enqueue", fmt(intake.perSecond, 0), fmt(intake.p50), fmt(intake.p95), fmt(intake.p99), intake.failures, `${fmt(intake.perSecond / bare.perSecond, 2)}×`],
        ],
      ),
    );

    const inApp = await benchWebhookIntakeInApp(handle, url.toString(), WEBHOOKS, CONCURRENCY);
    if (inApp) {
      const { intake: appIntake, bare: appBare } = inApp;
      console.log(`\nWebhook intake inside the built app (next start): ${WEBHOOKS} deliveries, ${CONCURRENCY} concurrent senders`);
      console.log(
        table(
          ["route", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "vs bare"],
          [
            ["GET /api/health (bare 200)", fmt(appBare.perSecond, 0), fmt(appBare.p50), fmt(appBare.p95), fmt(appBare.p99), appBare.failures, "1.00×"],
            ["POST /api/plaid/webhook", fmt(appIntake.perSecond, 0), fmt(appIntake.p50), fmt(appIntake.p95), fmt(appIntake.p99), appIntake.failures, `${fmt(appIntake.perSecond / appBare.perSecond, 2)}×`],
          ],
        ),
      );
    }

    const rows: (string | number)[][] = [];
    for (const size of SIZES) {
      const figures = await benchSync(handle, emulator.url, size);
      const syncRate = figures.transactions / (figures.syncMs / 1000);
      const insertRate = figures.transactions / (figures.insertMs / 1000);
      const rowRate = figures.rowByRowRowsMeasured / (figures.rowByRowMs / 1000);
      rows.push([
        figures.transactions,
        figures.pages,
        fmt(figures.syncMs / 1000, 2),
        fmt(syncRate, 0),
        fmt(insertRate, 0),
        fmt(rowRate, 0),
        `${fmt(syncRate / insertRate, 2)}×`,
        `${fmt(syncRate / rowRate, 1)}×`,
        fmt(figures.peakRssMb, 0),
      ]);
      console.error(`[bench] sync ${size} done`);
    }
    console.log("\nSync: emulator over HTTP → PostgreSQL, one item, empty cursor, pages of 500");
    console.log(
      table(["transactions", "pages", "sync s", "sync tx/s", "plain INSERT tx/s", "row-by-row tx/s", "vs INSERT", "vs row-by-row", "peak RSS MB"], rows),
    );
    // Its own data: 100k transactions for one user among 1M (BENCH_READS_USER_ROWS / _TOTAL_ROWS).
    const reads = await benchTransactionReads(handle);
    printTransactionReads(reads);
    await saveTransactionReads(reads);
    if (process.env.BENCH_PAGES !== "0" && inApp) {
      console.log("\nFirst-load JavaScript (scripts from our origin, cold cache)");
      const weights = await measurePageWeights();
      console.log(table(["route", "scripts", "raw KiB", "transferred KiB"], weights.map((w) => [w.route, w.scripts, fmt(w.rawKiB, 1), fmt(w.transferredKiB, 1)])));
    }
  } finally {
    await emulator.close();
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
