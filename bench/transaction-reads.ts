import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { createTRPCClient, httpLink } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import type { Database, DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { appRouter, type AppRouter } from "@/server/api/root";
import { readBudgetMonth } from "@/server/finance/budgets";
import { handleTransactionsExport } from "@/server/finance/export-transactions-handler";
import { readCashFlow } from "@/server/finance/overview-cash-flow";
import { readSpendingByCategory } from "@/server/finance/overview-categories";
import { readImportState } from "@/server/finance/overview-import-state";
import { readNetWorth } from "@/server/finance/overview-net-worth";
import { monthRange } from "@/server/finance/overview-periods";
import { fmt, percentile, table } from "./measure";
import { machine, mergeBenchResults } from "./results-file";
import { seedBudgetBenchData } from "./seed-budget-bench-data";
import { seedReadBenchData, type ReadBenchData } from "./seed-read-bench-data";

export interface ReadFigures {
  name: string;
  runs: number;
  rows: number;
  p50: number;
  p95: number;
}

export interface ExportFigures {
  name: string;
  rows: number;
  mb: number;
  seconds: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  /** V8 heap in use after a full collection, before and after the export: what it keeps. */
  heapBeforeMb: number;
  heapAfterMb: number;
}

/** A full GC on demand (no --expose-gc flag needed), to tell kept memory from lazy garbage. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

export interface TransactionReadResults {
  data: ReadBenchData;
  reads: ReadFigures[];
  exports: ExportFigures[];
}

const USER_ROWS = Number(process.env.BENCH_READS_USER_ROWS ?? 100_000);
const TOTAL_ROWS = Number(process.env.BENCH_READS_TOTAL_ROWS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_READS_RUNS ?? 100);
const ONLY = process.env.BENCH_READS_ONLY;

/**
 * The app's tRPC endpoint as the Next route runs it (fetchRequestHandler, superjson, the real
 * router) and the export route's handler, on a bare Node HTTP server signed in as one user: the
 * figures include HTTP, serialisation and the router, without Next's own overhead.
 */
async function serveApp(db: Database, userId: string) {
  const session = { user: { id: userId, email: "bench@example.test" }, expires: new Date(Date.now() + 86_400_000).toISOString() };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const request = new Request(new URL(req.url ?? "/", "http://127.0.0.1"), { method: req.method, headers: req.headers as Record<string, string> });
    const answer = request.url.includes("/api/export/transactions")
      ? handleTransactionsExport(request, { userId: async () => userId, database: async () => db })
      : fetchRequestHandler({ endpoint: "/api/trpc", req: request, router: appRouter, createContext: () => ({ db, session, headers: request.headers }) });
    void answer.then((response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) Readable.fromWeb(response.body as NodeReadableStream).pipe(res);
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** How many rows an answer carries: a page's items, a summary's count, or a list's length. */
function rowsOf(result: unknown): number {
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === "object") {
    if ("items" in result && Array.isArray(result.items)) return result.items.length;
    if ("count" in result && typeof result.count === "number") return result.count;
  }
  return 1;
}

async function sample(name: string, runs: number, read: () => Promise<unknown>): Promise<ReadFigures> {
  let rows = 0;
  for (let warm = 0; warm < 5; warm += 1) await read();
  const latencies: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const t0 = performance.now();
    const result = await read();
    latencies.push(performance.now() - t0);
    rows = rowsOf(result);
  }
  latencies.sort((a, b) => a - b);
  return { name, runs, rows, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/** Downloads one export, sampling this process's RSS every 10 ms (server and client share it). */
async function measureExport(url: string, name: string, query: string): Promise<ExportFigures> {
  collectGarbage();
  const { rss: rssBefore, heapUsed: heapBefore } = process.memoryUsage();
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  const response = await fetch(`${url}/api/export/transactions?${query}`);
  let bytes = 0;
  let lines = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    bytes += chunk.value.byteLength;
    for (const byte of chunk.value) if (byte === 10) lines += 1;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  collectGarbage();
  const mb = (value: number) => value / 1024 / 1024;
  return { name, rows: lines - 1, mb: mb(bytes), seconds, rssBeforeMb: mb(rssBefore), rssPeakMb: mb(peak), heapBeforeMb: mb(heapBefore), heapAfterMb: mb(process.memoryUsage().heapUsed) };
}

const cursorAt = async (db: Database, userId: string, orderBy: "date" | "amount", offset: number) => {
  const [row] = await queryRows<{ key: string; id: string }>(
    db,
    orderBy === "date"
      ? sql`select date::text as key, plaid_transaction_id as id from plaid_transactions where user_id = ${userId} order by date desc, plaid_transaction_id desc offset ${offset} limit 1`
      : sql`select amount::text as key, plaid_transaction_id as id from plaid_transactions where user_id = ${userId} order by amount desc, plaid_transaction_id desc offset ${offset} limit 1`,
  );
  if (!row) throw new Error("not enough rows for the deep page");
  return `${row.key}~${row.id}`;
};

/**
 * The explorer's and the dashboard's reads through the tRPC HTTP endpoint, with USER_ROWS
 * transactions for the measured user among TOTAL_ROWS in the table: pages of 50, as the UI asks
 * for; the overview's parts also directly, to show which one costs what.
 */
export async function benchTransactionReads(handle: DatabaseHandle): Promise<TransactionReadResults> {
  const t0 = performance.now();
  const data = await seedReadBenchData(handle, USER_ROWS, TOTAL_ROWS);
  console.error(`[bench] seeded ${TOTAL_ROWS.toLocaleString("en-US")} transactions in ${fmt((performance.now() - t0) / 1000, 0)} s`);
  const app = await serveApp(handle.db, data.userId);
  const trpc = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${app.url}/api/trpc`, transformer: superjson })] });
  const deepRow = Math.floor(USER_ROWS / 2);
  const deepDate = await cursorAt(handle.db, data.userId, "date", deepRow);
  const deepAmount = await cursorAt(handle.db, data.userId, "amount", deepRow);
  const sixMonthsAgo = new Date(Date.now() - 182 * 86_400_000).toISOString().slice(0, 10);
  // The six whole months before this one: [first day, last day].
  const sixMonths = { from: monthRange(new Date(), -6).start, to: new Date(Date.parse(monthRange(new Date()).start) - 86_400_000).toISOString().slice(0, 10) };
  const page = (filters: Parameters<typeof trpc.transactions.explore.query>[0]["filters"], after?: string) => () =>
    trpc.transactions.explore.query({ filters, limit: 50, after });
  try {
    const budgetSeed = await seedBudgetBenchData(handle, data);
    // BENCH_READS_ONLY=budgets: only the budget and forecast reads (no export), printed, not saved.
    const reads = ONLY === "budgets" ? [] : [
      await sample("first page", RUNS, page({})),
      await sample(`deep keyset page (row ${deepRow.toLocaleString("en-US")})`, RUNS, page({}, deepDate)),
      await sample("filtered page (account, category, 6 months, ≥ 5)", RUNS, page({ account: data.accountId, category: "FOOD_AND_DRINK", from: sixMonthsAgo, min: "5" })),
      await sample('text search "starbucks"', RUNS, page({ q: "starbucks" })),
      await sample('category search "food and drink"', RUNS, page({ q: "food and drink" })),
      await sample('amount search "4.31"', RUNS, page({ q: "4.31" })),
      await sample("amount sort, first page", RUNS, page({ sort: "amount_desc" })),
      await sample(`amount sort, deep keyset page`, RUNS, page({ sort: "amount_desc" }, deepAmount)),
      await sample("count + totals, no filter", RUNS, () => trpc.transactions.summary.query({ filters: {} })),
      await sample("count + totals, whole months (6)", RUNS, () => trpc.transactions.summary.query({ filters: { from: sixMonths.from, to: sixMonths.to } })),
      await sample("count + totals, bank + category + posted, whole months", RUNS, () =>
        trpc.transactions.summary.query({ filters: { bank: data.bankId, category: "FOOD_AND_DRINK", status: "posted", from: sixMonths.from, to: sixMonths.to } }),
      ),
      await sample("count + totals, partial months (6 months to today)", RUNS, () => trpc.transactions.summary.query({ filters: { from: sixMonthsAgo } })),
      await sample('count + totals, "starbucks"', RUNS, () => trpc.transactions.summary.query({ filters: { q: "starbucks" } })),
      // The dashboard's reads, as its page asks for them.
      await sample("overview.get (net worth, months, categories, cash flow)", RUNS, () => trpc.overview.get.query()),
      await sample("recent transactions (transactions.list, 8)", RUNS, () => trpc.transactions.list.query({ limit: 8 })),
      await sample("accounts.details", RUNS, () => trpc.accounts.details.query()),
      await sample("items.list", RUNS, () => trpc.items.list.query()),
      await sample("upcoming.list (7 days)", RUNS, () => trpc.upcoming.list.query({ days: 7 })),
      await sample("liabilities.overdue", RUNS, () => trpc.liabilities.overdue.query()),
      // overview.get's parts, called directly (no HTTP), to tell which one costs what.
      await sample("  overview part: net worth (direct)", RUNS, () => readNetWorth(handle.db, data.userId, new Date())),
      await sample("  overview part: 12-month cash flow (direct)", RUNS, () => readCashFlow(handle.db, data.userId, new Date())),
      await sample("  overview part: categories this month (direct)", RUNS, () => readSpendingByCategory(handle.db, data.userId, new Date())),
      await sample("  overview part: import state (direct)", RUNS, () => readImportState(handle.db, data.userId)),
    ];
    reads.push(
      // A yardstick measured under the same load as the budget reads (this machine is shared).
      ...(ONLY === "budgets" ? [await sample("overview.get (yardstick, same load)", RUNS, () => trpc.overview.get.query())] : []),
      await sample(`budgets.month (${budgetSeed.budgets} budgets, rollover 12 months, 20 bills)`, RUNS, () => trpc.budgets.month.query()),
      await sample("  budgets part: readBudgetMonth (direct)", RUNS, () => {
        const today = new Date().toISOString().slice(0, 10);
        return readBudgetMonth(handle.db, data.userId, { month: today.slice(0, 7), today });
      }),
      await sample("forecast.get (90 days)", RUNS, () => trpc.forecast.get.query({ days: 90 })),
    );
    if (ONLY === "budgets") return { data, reads, exports: [] };
    const recent = new Date(Date.now() - Math.round((730 * 10_000) / USER_ROWS) * 86_400_000).toISOString().slice(0, 10);
    // Twice: V8 collects lazily, so the first big run's peak includes garbage not yet collected;
    // a second run that grows no further shows the memory held does not grow with the rows.
    const exports = [
      await measureExport(app.url, "recent (~10k rows)", `from=${recent}`),
      await measureExport(app.url, "everything", ""),
      await measureExport(app.url, "everything, again", ""),
    ];
    return { data, reads, exports };
  } finally {
    await app.close();
  }
}

export function printTransactionReads({ data, reads, exports }: TransactionReadResults): void {
  console.log(
    `\nReads: transactions.explore / summary and the dashboard's procedures over tRPC HTTP (fetchRequestHandler on a bare Node server), pages of 50; ${data.rows.toLocaleString("en-US")} transactions for the user, ${data.totalRows.toLocaleString("en-US")} in the table`,
  );
  console.log(table(["query", "runs", "rows", "p50 ms", "p95 ms"], reads.map((r) => [r.name, r.runs, r.rows, fmt(r.p50, 2), fmt(r.p95, 2)])));
  console.log("\nCSV export (GET /api/export/transactions, batches of 1,000): RSS of the process serving and reading it; V8 collects lazily, so the peak includes garbage, and the heap kept after a full GC shows what stays");
  console.log(
    table(
      ["export", "rows", "MB", "s", "rows/s", "RSS before MB", "RSS peak MB", "heap kept before → after MB"],
      exports.map((e) => [e.name, e.rows, fmt(e.mb, 1), fmt(e.seconds, 2), fmt(e.rows / e.seconds, 0), fmt(e.rssBeforeMb, 0), fmt(e.rssPeakMb, 0), `${fmt(e.heapBeforeMb, 0)} → ${fmt(e.heapAfterMb, 0)}`]),
    ),
  );
}

/** Merges this bench's figures into bench/results.json under its own key, keeping the others'. */
export async function saveTransactionReads(results: TransactionReadResults): Promise<void> {
  const round = (value: number) => Math.round(value * 100) / 100;
  await mergeBenchResults({
    transactionReads: {
      measuredAt: new Date().toISOString(),
      // Load average at the end of the run: this machine is shared, and p95 moves with it.
      machine: machine(),
      userRows: results.data.rows,
      totalRows: results.data.totalRows,
      pageSize: 50,
      queries: results.reads.map((r) => ({ name: r.name, runs: r.runs, rows: r.rows, p50Ms: round(r.p50), p95Ms: round(r.p95) })),
      exports: results.exports.map((e) => ({
        name: e.name,
        rows: e.rows,
        mb: round(e.mb),
        seconds: round(e.seconds),
        rssBeforeMb: round(e.rssBeforeMb),
        rssPeakMb: round(e.rssPeakMb),
        heapBeforeMb: round(e.heapBeforeMb),
        heapAfterMb: round(e.heapAfterMb),
      })),
    },
  });
}
