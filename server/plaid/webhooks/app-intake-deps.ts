import { getDatabase } from "@/server/db";
import { wakeWorkers } from "@/server/jobs/wake-workers";
import { logger } from "@/server/logger";
import { getPlaidDeps } from "@/server/plaid/services";
import { verifyPlaidWebhook, type GetWebhookKey } from "@/server/plaid/webhooks/verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "@/server/plaid/webhooks/webhook-keys";
import type { WebhookIntakeDeps } from "./receive-webhook";

const globalForKeys = globalThis as unknown as { ledgerlinkWebhookKeys?: GetWebhookKey };

/** The real intake wiring: the app's database, Plaid's keys through one process-wide cache. */
export function appWebhookIntakeDeps(): WebhookIntakeDeps {
  const getKey = (globalForKeys.ledgerlinkWebhookKeys ??= createWebhookKeyCache({
    fetchKey: (kid) => plaidWebhookKeyFetcher(getPlaidDeps().client)(kid),
  }));
  return {
    getDb: async () => (await getDatabase()).db,
    verify: (rawBody, header) => verifyPlaidWebhook(rawBody, header, { getKey }),
    logger: logger.child({ route: "plaid-webhook" }),
    onRecorded: wakeWorkers,
  };
}
