import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { recurringStreams } from "@/db/schema";
import { callPlaid } from "../call-plaid";
import { fetchItemProduct, type ProductFetchOutcome } from "../fetch-item-product";
import type { PlaidDeps } from "../services";
import { recurringGetSchema, type TransactionStream } from "./recurring-streams-schema";

const money = (value: number | null | undefined): string => String(value ?? 0);

function streamRow(item: { id: string; userId: string }, direction: "inflow" | "outflow", stream: TransactionStream, at: Date) {
  return {
    streamId: stream.stream_id,
    itemId: item.id,
    userId: item.userId,
    plaidAccountId: stream.account_id,
    direction,
    description: stream.description ?? stream.merchant_name ?? "",
    merchantName: stream.merchant_name ?? null,
    categoryPrimary: stream.personal_finance_category?.primary ?? null,
    categoryDetailed: stream.personal_finance_category?.detailed ?? null,
    frequency: stream.frequency ?? "UNKNOWN",
    firstDate: stream.first_date ?? null,
    lastDate: stream.last_date ?? null,
    predictedNextDate: stream.predicted_next_date ?? null,
    averageAmount: money(stream.average_amount.amount),
    lastAmount: money(stream.last_amount.amount),
    isoCurrencyCode: stream.average_amount.iso_currency_code ?? null,
    unofficialCurrencyCode: stream.average_amount.unofficial_currency_code ?? null,
    isActive: stream.is_active,
    status: stream.status ?? "UNKNOWN",
    updatedAt: at,
  };
}

/**
 * The item's recurring streams (`/transactions/recurring/get`), replacing the set stored before:
 * a stream Plaid no longer reports is gone. Plaid answers PRODUCT_NOT_READY until the historical
 * update is complete, so the first call waits for it (see enqueue-recurring-fetch.ts).
 */
export function fetchRecurringStreams(deps: { db: Database; plaid: PlaidDeps }, itemId: string): Promise<ProductFetchOutcome> {
  return fetchItemProduct(deps, itemId, {
    product: "recurring",
    endpoint: "/transactions/recurring/get",
    fetch: async (accessToken) =>
      recurringGetSchema.parse(
        await callPlaid("/transactions/recurring/get", () => deps.plaid.client.transactionsRecurringGet({ access_token: accessToken })),
      ),
    replace: async (tx, item, data) => {
      const at = new Date();
      const rows = [
        ...data.outflow_streams.map((stream) => streamRow(item, "outflow", stream, at)),
        ...data.inflow_streams.map((stream) => streamRow(item, "inflow", stream, at)),
      ];
      await tx.delete(recurringStreams).where(eq(recurringStreams.itemId, item.id));
      if (rows.length > 0) await tx.insert(recurringStreams).values(rows);
      return rows.length;
    },
    clear: async (tx, id) => {
      await tx.delete(recurringStreams).where(eq(recurringStreams.itemId, id));
    },
  });
}
