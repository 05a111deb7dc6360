import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { build } from "esbuild";
import { Products } from "plaid";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, plaidTransactions, users } from "@/db/schema";
import type { PlaidDeps } from "@/server/plaid/services";
import { benchPlaidDeps } from "./bench-plaid-deps";
import { timed } from "./measure";
import type { SyncChildResult } from "./sync-child";

export interface SyncFigures {
  transactions: number;
  syncMs: number;
  pages: number;
  insertMs: number;
  /** Row-by-row upserts are slow: measured on at most ROW_BY_ROW_CAP rows and scaled. */
  rowByRowRowsMeasured: number;
  rowByRowMs: number;
  /** The sync's own process (as a worker): resident set once connected, and its peak (VmHWM). */
  appRssBeforeMb: number;
  appPeakRssMb: number;
}

const ROW_BY_ROW_CAP = 5_000;
const INSERT_CHUNK = 1_000;

async function control(emulatorUrl: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${emulatorUrl}/__emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** An item at the emulator holding about `size` transactions, stored as the exchange would. */
export async function connectItem(handle: DatabaseHandle, deps: PlaidDeps, emulatorUrl: string, size: number) {
  const username = size >= 100_000 ? "user_transactions_100k" : size >= 10_000 ? "user_transactions_10k" : "user_good";
  const created = await deps.client.sandboxPublicTokenCreate({
    institution_id: "ins_109508",
    initial_products: [Products.Transactions],
    options: { override_username: username },
  });
  const exchanged = await deps.client.itemPublicTokenExchange({ public_token: created.data.public_token });
  const { transaction_count: have } = (await (await fetch(`${emulatorUrl}/__emulator/items/${exchanged.data.item_id}`)).json()) as { transaction_count: number };
  if (have < size) {
    // user_good has ~320; top it up to the size asked for.
    const today = new Date().toISOString().slice(0, 10);
    await control(emulatorUrl, `items/${exchanged.data.item_id}/transactions/add`, {
      transactions: Array.from({ length: size - have }, (_, i) => ({ amount: (i % 500) + 0.99, name: `Bench purchase ${i}`, date: today })),
      webhook: false,
    });
  }
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@bench.test` });
  const id = randomUUID();
  const sealed = deps.vault.encrypt(exchanged.data.access_token, id);
  await handle.db.insert(plaidItems).values({ id, userId, plaidItemId: exchanged.data.item_id, accessTokenCiphertext: sealed.ciphertext, accessTokenKeyId: sealed.keyId });
  return { id, userId };
}

/**
 * How the sync child runs: `compiled` (default) bundles bench/sync-child.ts and the app code it
 * imports with esbuild and runs it on plain Node, as production code runs compiled, so the
 * figure is the app's memory and not the TypeScript loader's; `tsx` runs it the way `npm run
 * worker` does today (tsx adds about 100 MB here, mostly re-transforming the plaid SDK).
 */
export const SYNC_RUNTIME = process.env.BENCH_SYNC_RUNTIME === "tsx" ? "tsx" : "compiled";
const BUNDLE = "node_modules/.cache/ledgerlink-bench/sync-child.mjs";
let bundled: Promise<unknown> | null = null;

/** Runs bench/sync-child.ts for one item and reads its one-line JSON answer. */
export async function syncInChildProcess(env: Record<string, string>): Promise<SyncChildResult> {
  if (SYNC_RUNTIME === "compiled") {
    bundled ??= build({ entryPoints: ["bench/sync-child.ts"], outfile: BUNDLE, bundle: true, platform: "node", format: "esm", packages: "external", logLevel: "warning" });
    await bundled;
  }
  const child = spawn(process.execPath, SYNC_RUNTIME === "compiled" ? [BUNDLE] : ["--import", "tsx", "bench/sync-child.ts"], {
    env: { ...process.env, ...env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const line = stdout.trim().split("\n").at(-1);
  if (code !== 0 || !line) throw new Error(`sync child exited with ${String(code)}: ${stdout}`);
  return JSON.parse(line) as SyncChildResult;
}

/**
 * Transactions per second from the emulator (its own process) over HTTP into PostgreSQL for one
 * item from an empty cursor, the sync running in a process of its own so its peak RSS is the
 * app's; next to two baselines on the same rows: a plain multi-row INSERT from memory (the
 * ceiling), and one upsert statement per row (what common reference apps do).
 */
export async function benchSync(handle: DatabaseHandle, databaseUrl: string, emulatorUrl: string, size: number): Promise<SyncFigures> {
  const keys = `bench:${randomBytes(32).toString("base64")}`;
  const deps = benchPlaidDeps(emulatorUrl, keys);
  const item = await connectItem(handle, deps, emulatorUrl, size);
  const sync = await syncInChildProcess({
    BENCH_SYNC_DATABASE_URL: databaseUrl,
    BENCH_SYNC_EMULATOR_URL: emulatorUrl,
    BENCH_SYNC_ITEM_ID: item.id,
    BENCH_SYNC_KEYS: keys,
  });
  if (sync.status !== "synced") throw new Error(`sync ended ${sync.status}`);

  const rows = await handle.db.select().from(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const fresh = rows.map((row) => ({ ...row, createdAt: undefined, updatedAt: undefined }));

  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const insert = await timed(() =>
    handle.db.transaction(async (tx) => {
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) await tx.insert(plaidTransactions).values(fresh.slice(i, i + INSERT_CHUNK));
    }),
  );

  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));
  const sample = fresh.slice(0, ROW_BY_ROW_CAP);
  const rowByRow = await timed(async () => {
    for (const row of sample) {
      await handle.db
        .insert(plaidTransactions)
        .values(row)
        .onConflictDoUpdate({ target: plaidTransactions.plaidTransactionId, set: { amount: sql`excluded.amount`, name: sql`excluded.name`, pending: sql`excluded.pending` } });
    }
  });
  await handle.db.delete(plaidTransactions).where(eq(plaidTransactions.itemId, item.id));

  return {
    transactions: rows.length,
    syncMs: sync.syncMs,
    pages: sync.pages,
    insertMs: insert.ms,
    rowByRowRowsMeasured: sample.length,
    rowByRowMs: rowByRow.ms,
    appRssBeforeMb: sync.rssBeforeMb,
    appPeakRssMb: sync.peakRssMb,
  };
}
