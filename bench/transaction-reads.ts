import type { Database } from "@/db/client";
import { listUserTransactions, type TransactionCursor } from "@/server/finance/list-user-transactions";
import { percentile } from "./measure";

export interface ReadFigures {
  name: string;
  runs: number;
  p50: number;
  p95: number;
}

async function sample(name: string, runs: number, read: (run: number) => Promise<unknown>): Promise<ReadFigures> {
  const latencies: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const t0 = performance.now();
    await read(run);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);
  return { name, runs, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/**
 * `transactions.list` as the dashboard calls it, on a user with many transactions: the first page,
 * pages deep into the keyset walk, and a search. Pages of 50, as the UI asks for.
 */
export async function benchTransactionReads(db: Database, userId: string): Promise<ReadFigures[]> {
  const limit = 50;
  // Cursors for pages 1..400, collected once so the deep-page runs measure one page each.
  const cursors: TransactionCursor[] = [];
  let cursor: TransactionCursor | null = null;
  for (let page = 0; page < 400; page += 1) {
    const result = await listUserTransactions(db, { userId, limit, cursor });
    if (!result.nextCursor) break;
    cursors.push(result.nextCursor);
    cursor = result.nextCursor;
  }
  const deep = cursors.at(-1) ?? null;
  return [
    await sample("first page", 200, () => listUserTransactions(db, { userId, limit })),
    await sample(`page ${cursors.length + 1} (keyset)`, 200, () => listUserTransactions(db, { userId, limit, cursor: deep })),
    await sample("search \"starbucks\"", 50, () => listUserTransactions(db, { userId, limit, search: "starbucks" })),
  ];
}
