import type { Logger } from "pino";
import type { Database } from "@/db/client";
import { logError } from "@/server/observability/error-log-fields";
import { observeWebhook } from "@/server/observability/record-metrics";
import { clientAddress } from "@/server/client-address";
import type { KeyLookupContext, WebhookVerification } from "@/server/plaid/webhooks/verify-webhook";
import { readCappedBody } from "./read-capped-body";
import { recordWebhook, type RecordedWebhook } from "./record-webhook";

// Plaid's bodies are a few kilobytes; anything near this size is not from Plaid.
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

export interface WebhookIntakeDeps {
  getDb: () => Promise<Database>;
  verify: (rawBody: Uint8Array, header: string | null, context: KeyLookupContext) => Promise<WebhookVerification>;
  logger: Logger;
  maxBodyBytes?: number;
  /** Proxies we run in front of the intake (TRUSTED_PROXY_HOPS): how the sender's address is read for the key budget. */
  trustedProxyHops?: number;
  /** Called after the event and its job committed (e.g. to wake an idle in-process worker). */
  onRecorded?: (recorded: RecordedWebhook) => void;
}

const answer = (status: number, body: Record<string, unknown>) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * `POST /api/plaid/webhook`: raw bytes → verify → record + enqueue in one transaction → 200.
 * Any verification failure is a bare 401 with nothing written. A key that cannot be fetched (or
 * may not be, over the unknown-kid budget) and a database that cannot record the work answer 503,
 * also with nothing written, so Plaid retries instead of being told it was handled.
 */
export async function receivePlaidWebhook(request: Request, deps: WebhookIntakeDeps): Promise<Response> {
  const startedAt = performance.now();
  const rawBody = await readCappedBody(request, deps.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES).catch(() => null);
  if (!rawBody) {
    deps.logger.warn({ reason: "body_too_large_or_unreadable" }, "rejected Plaid webhook");
    observeWebhook("rejected", "body_too_large_or_unreadable", startedAt);
    return answer(401, { error: "unauthorized" });
  }

  const verification = await deps.verify(rawBody, request.headers.get("plaid-verification"), {
    clientAddress: clientAddress(request.headers, deps.trustedProxyHops ?? 0),
  });
  if (!verification.ok) {
    // Neither 503 blames the sender: Plaid retries a genuine delivery later (30 s, then ×4).
    if (verification.reason === "key_unavailable") {
      // Plaid down, slow, or refusing our credentials: ours to fix, so an error.
      deps.logger.error({ reason: verification.reason, plaid: verification.failure }, "cannot verify Plaid webhook: verification key unavailable");
      observeWebhook("unavailable", verification.reason, startedAt);
      return answer(503, { error: "unavailable" });
    }
    if (verification.reason === "key_lookup_throttled") {
      // Unknown kids beyond the fetch budget (this sender's or the process's): most likely a flood of forgeries, so a warning.
      deps.logger.warn({ reason: verification.reason }, "deferred Plaid webhook: too many unknown key ids this minute");
      observeWebhook("unavailable", verification.reason, startedAt);
      return answer(503, { error: "unavailable" });
    }
    // The reason is for us; the sender learns nothing about which check failed.
    deps.logger.warn({ reason: verification.reason }, "rejected Plaid webhook");
    observeWebhook("rejected", verification.reason, startedAt);
    return answer(401, { error: "unauthorized" });
  }

  let recorded: RecordedWebhook;
  try {
    const db = await deps.getDb();
    recorded = await recordWebhook(db, { bodySha256: verification.bodySha256, bodyText: new TextDecoder().decode(rawBody) });
  } catch (error) {
    logError(deps.logger, "error", "could not record Plaid webhook")(error);
    observeWebhook("unavailable", "database", startedAt);
    return answer(503, { error: "unavailable" });
  }
  deps.logger.info(
    { type: recorded.webhookType, code: recorded.webhookCode, outcome: recorded.outcome, jobId: recorded.jobId, note: recorded.note },
    "Plaid webhook recorded",
  );
  deps.onRecorded?.(recorded);
  observeWebhook(recorded.outcome, null, startedAt);
  return answer(200, { received: true });
}
