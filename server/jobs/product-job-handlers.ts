import type { ProductFetchOutcome } from "@/server/plaid/fetch-item-product";
import { notReadyRetry } from "@/server/plaid/fetch-item-product";
import { fetchLiabilities } from "@/server/plaid/liabilities/fetch-liabilities";
import { fetchRecurringStreams } from "@/server/plaid/recurring/fetch-recurring-streams";
import type { JobHandlerDeps } from "./job-handlers";
import type { JobHandler, JobResult } from "./worker";

function resultOf(product: "recurring" | "liabilities", outcome: ProductFetchOutcome): JobResult {
  // Not ready yet: a bounded retry with a floor; the webhook that says "ready" joins it.
  if (outcome.status === "not_ready") throw notReadyRetry(product);
  return { outcome: "done", ...(outcome.status === "stored" ? { summary: { rows: outcome.rows } } : {}) };
}

/** The item's optional Plaid data: recurring streams and liabilities (key = plaid_items.id). */
export function productJobHandlers(deps: JobHandlerDeps): Record<"fetch-recurring" | "fetch-liabilities", JobHandler> {
  const context = { db: deps.handle.db, plaid: deps.plaid };
  return {
    "fetch-recurring": async (job) => resultOf("recurring", await fetchRecurringStreams(context, job.key)),
    "fetch-liabilities": async (job) => resultOf("liabilities", await fetchLiabilities(context, job.key)),
  };
}
