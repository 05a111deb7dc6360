/**
 * One sync in a process of its own, as a worker runs it, so its peak memory is the app's alone
 * (not the emulator's, not the benchmark's copies of the rows). Spawned by sync-throughput.ts;
 * prints one JSON line. Env: BENCH_SYNC_DATABASE_URL, BENCH_SYNC_EMULATOR_URL, BENCH_SYNC_ITEM_ID,
 * BENCH_SYNC_KEYS (the token vault's key ring).
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { createDatabase } from "@/db/client";
import { syncTransactions } from "@/server/plaid/sync/sync-transactions";
import { benchPlaidDeps } from "./bench-plaid-deps";
import { currentRssMb, peakRssMb } from "./process-memory";

const env = z
  .object({
    BENCH_SYNC_DATABASE_URL: z.string().min(1),
    BENCH_SYNC_EMULATOR_URL: z.string().min(1),
    BENCH_SYNC_ITEM_ID: z.uuid(),
    BENCH_SYNC_KEYS: z.string().min(1),
  })
  .parse(process.env);

export interface SyncChildResult {
  status: string;
  pages: number;
  syncMs: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

const handle = createDatabase({ driver: "postgres", url: env.BENCH_SYNC_DATABASE_URL });
try {
  const plaid = benchPlaidDeps(env.BENCH_SYNC_EMULATOR_URL, env.BENCH_SYNC_KEYS);
  // Connected before the baseline reading, as a running worker is.
  await handle.db.execute(sql`select 1`);
  const rssBeforeMb = currentRssMb();
  const t0 = performance.now();
  const outcome = await syncTransactions({ handle, plaid }, env.BENCH_SYNC_ITEM_ID);
  const result: SyncChildResult = {
    status: outcome.status,
    pages: outcome.status === "synced" ? outcome.pages : 0,
    syncMs: performance.now() - t0,
    rssBeforeMb,
    peakRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await handle.close();
}
