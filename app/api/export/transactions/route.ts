import { auth } from "@/server/auth";
import { getDatabase } from "@/server/db";
import { handleTransactionsExport } from "@/server/finance/export-transactions-handler";
import { withRequestLog } from "@/server/observability/with-request-log";

// Streams from the database on every request; never prerendered or cached.
export const dynamic = "force-dynamic";

export const GET = withRequestLog("export-transactions", (request: Request) =>
  handleTransactionsExport(request, {
    userId: async () => (await auth())?.user?.id || null,
    database: async () => (await getDatabase()).db,
  }),
);
