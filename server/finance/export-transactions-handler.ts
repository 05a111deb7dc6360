import type { Queryable } from "@/db/client";
import { exportTransactionBatches } from "./export-transactions";
import { transactionsCsvStream } from "./export-transactions-csv";
import { transactionFiltersSchema, type TransactionFilters } from "./transaction-filters";

export interface ExportDeps {
  /** The signed-in user's id, or null. */
  userId: () => Promise<string | null>;
  database: () => Promise<Queryable>;
  /** Today's date (YYYY-MM-DD) for a filename without an end date. */
  today?: () => string;
}

/** transactions_2026-01-01_to_2026-03-31.csv; an open end says "earliest" or today's date. */
export function exportFilename(filters: TransactionFilters, today: string): string {
  return `transactions_${filters.from ?? "earliest"}_to_${filters.to ?? today}.csv`;
}

const json = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { "content-type": "application/json", "cache-control": "no-store" } });

/**
 * GET /api/export/transactions?<the explorer's filters>: the signed-in user's matching rows as a
 * streamed CSV, in the explorer's order. Only that user's rows: every query is scoped by the
 * session's user id, so another user's account or bank id in the filter matches nothing.
 */
export async function handleTransactionsExport(request: Request, deps: ExportDeps): Promise<Response> {
  const userId = await deps.userId();
  if (!userId) return json(401, "Sign in to export transactions.");
  // An emptied field in the page's form arrives as `q=`: it means "no filter", not an invalid one.
  const params = Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));
  const parsed = transactionFiltersSchema.safeParse(params);
  if (!parsed.success) return json(400, parsed.error.issues[0]?.message ?? "Invalid filter.");
  const filters = parsed.data;
  const db = await deps.database();
  const today = deps.today?.() ?? new Date().toISOString().slice(0, 10);
  return new Response(transactionsCsvStream(exportTransactionBatches(db, userId, filters)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFilename(filters, today)}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
