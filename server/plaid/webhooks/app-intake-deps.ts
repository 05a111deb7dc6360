import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { wakeWorkers } from "@/server/jobs/wake-workers";
import { logger } from "@/server/logger";
import { errorLogFields } from "@/server/observability/error-log-fields";
import { toPlaidFailure } from "@/server/plaid/errors";
import { getPlaidDeps } from "@/server/plaid/services";
import { verifyPlaidWebhook, type GetWebhookKey } from "@/server/plaid/webhooks/verify-webhook";
import { createWebhookKeyCache, plaidWebhookKeyFetcher } from "@/server/plaid/webhooks/webhook-keys";
import { databaseWebhookKeyStore } from "@/server/plaid/webhooks/webhook-keys-store";
import type { WebhookIntakeDeps } from "./receive-webhook";

const globalForKeys = globalThis as unknown as { ledgerlinkWebhookKeys?: GetWebhookKey };

/**
 * The real intake wiring: the app's database, Plaid's keys through one process-wide cache backed by
 * the webhook_verification_keys table (a key any instance verified is never looked up again by
 * another), the unknown-kid budget kept per sender address (read through TRUSTED_PROXY_HOPS) and
 * per process, each key fetch cut off after 3 s so the whole delivery still answers well inside
 * Plaid's 10 s.
 */
export function appWebhookIntakeDeps(): WebhookIntakeDeps {
  const intakeLogger = logger.child({ route: "plaid-webhook" });
  const getDb = async () => (await getDatabase()).db;
  const getKey = (globalForKeys.ledgerlinkWebhookKeys ??= createWebhookKeyCache({
    fetchKey: (kid) => plaidWebhookKeyFetcher(getPlaidDeps().client)(kid),
    store: databaseWebhookKeyStore(getDb),
    onRefreshFailed: (kid, error) =>
      intakeLogger.warn({ kid, plaid: toPlaidFailure(error) }, "could not refresh a Plaid webhook key; serving the last good one"),
    onStoreFailed: (operation, error) => intakeLogger.warn({ operation, ...errorLogFields(error) }, "webhook key table unavailable; using memory and Plaid"),
  }));
  return {
    getDb,
    verify: (rawBody, header, context) => verifyPlaidWebhook(rawBody, header, { getKey, clientAddress: context.clientAddress }),
    trustedProxyHops: getEnv().TRUSTED_PROXY_HOPS,
    logger: intakeLogger,
    onRecorded: wakeWorkers,
  };
}
