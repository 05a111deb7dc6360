import { getDatabase } from "@/server/db";
import { wakeWorkers } from "@/server/jobs/wake-workers";
import { logger } from "@/server/logger";
import { toPlaidFailure } from "@/server/plaid/errors";
import { getPlaidDeps } from "@/server/plaid/services";
import { verifyPlaidWebhook, type GetWebhookKey } from "@/server/plaid/webhooks/verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "@/server/plaid/webhooks/webhook-keys";
import type { WebhookIntakeDeps } from "./receive-webhook";

const globalForKeys = globalThis as unknown as { ledgerlinkWebhookKeys?: GetWebhookKey };

/**
 * The real intake wiring: the app's database, Plaid's keys through one process-wide cache (so the
 * unknown-kid budget is per process: 10 fetches a minute by default), each key fetch cut off
 * after 3 s so the whole delivery still answers well inside Plaid's 10 s.
 */
export function appWebhookIntakeDeps(): WebhookIntakeDeps {
  const intakeLogger = logger.child({ route: "plaid-webhook" });
  const getKey = (globalForKeys.ledgerlinkWebhookKeys ??= createWebhookKeyCache({
    fetchKey: (kid) => plaidWebhookKeyFetcher(getPlaidDeps().client)(kid),
    onRefreshFailed: (kid, error) =>
      intakeLogger.warn({ kid, plaid: toPlaidFailure(error) }, "could not refresh a Plaid webhook key; serving the last good one"),
  }));
  return {
    getDb: async () => (await getDatabase()).db,
    verify: (rawBody, header) => verifyPlaidWebhook(rawBody, header, { getKey }),
    logger: intakeLogger,
    onRecorded: wakeWorkers,
  };
}
