import type { DatabaseHandle } from "@/db/client";
import { notificationJobHandlers, notifyLargeTransactions, type MailerDeps } from "@/server/notifications/notification-jobs";
import { measureSync } from "@/server/observability/record-metrics";
import { enqueueRecurringFetchIfDue } from "@/server/plaid/recurring/enqueue-recurring-fetch";
import { refreshItem } from "@/server/plaid/refresh-item";
import type { PlaidDeps } from "@/server/plaid/services";
import { syncTransactions, type SyncDeps } from "@/server/plaid/sync/sync-transactions";
import type { JobKind } from "./enqueue-job";
import { productJobHandlers } from "./product-job-handlers";
import { DEFAULT_RETENTION, deleteExpiredRows, type RetentionPolicy } from "./retention";
import type { JobHandler } from "./worker";

export interface JobHandlerDeps {
  handle: Pick<DatabaseHandle, "db" | "driver">;
  plaid: PlaidDeps;
  /** The item sync lease's term (pass the job lease, so both lapse together) and test hooks (fast sleeps, small pages). */
  sync?: Pick<SyncDeps, "sleep" | "pageSize" | "leaseMs">;
  retention?: RetentionPolicy;
  /** Email sending (tests pass one at a local SMTP server); unset = from SMTP_URL, null = email off. */
  mailer?: MailerDeps | null;
}

// Another worker holds the item: try again shortly; the running sync may already cover this.
const BUSY_RETRY_MS = 2_000;

/** Which domain function runs each job kind; the key is the plaid_items row id for Plaid work. */
export function createJobHandlers(deps: JobHandlerDeps): Record<JobKind, JobHandler> {
  return {
    "sync-transactions": async (job) => {
      const outcome = await measureSync(() => syncTransactions({ handle: deps.handle, plaid: deps.plaid, ...deps.sync }, job.key));
      if (outcome.status === "busy") return { outcome: "defer", delayMs: BUSY_RETRY_MS, reason: "item is being synced by another worker" };
      // The full history is in: the first ask for its recurring streams (later ones come by webhook).
      if (outcome.status === "synced") await enqueueRecurringFetchIfDue(deps.handle.db, job.key);
      if (outcome.status === "synced") await notifyLargeTransactions(deps.handle.db, job.key);
      return { outcome: "done" };
    },
    "refresh-item": async (job) => {
      await refreshItem({ db: deps.handle.db, plaid: deps.plaid }, job.key);
      return { outcome: "done" };
    },
    retention: async () => ({ outcome: "done", summary: await deleteExpiredRows(deps.handle.db, deps.retention ?? DEFAULT_RETENTION) }),
    ...productJobHandlers(deps),
    ...notificationJobHandlers(deps),
  };
}
