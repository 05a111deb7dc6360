import { auth } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleTransactionsExport } from "@/server/finance/export-transactions-handler";

// Streams from the database on every request; never prerendered or cached.
export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return handleTransactionsExport(request, {
    userId: async () => (await auth())?.user?.id || null,
    database: async () => (await getDatabase()).db,
  });
}
