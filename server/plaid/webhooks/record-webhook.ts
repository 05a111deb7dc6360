import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { plaidWebhookEvents, type WebhookOutcome } from "@/db/schema";
import { joinOrEnqueueJob } from "@/server/jobs/enqueue-job";
import { handlerFor } from "./route-webhook";
import { webhookEnvelopeSchema } from "./schemas";
import type { WebhookItem } from "./webhook-decision";

/** Advisory-lock namespace for intake, so its keys never meet another feature's locks. */
export const WEBHOOK_INTAKE_LOCK_NAMESPACE = 7301;

export interface VerifiedDelivery {
  bodySha256: string;
  /** The raw body as text (already verified byte for byte). */
  bodyText: string;
}

export interface RecordedWebhook {
  eventId: string;
  outcome: WebhookOutcome;
  jobId: number | null;
  webhookType: string;
  webhookCode: string;
  note: string;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Records a verified delivery and enqueues its work in one transaction: either both happen or
 * neither does, so a 200 always means the work is durable. Plaid sends no delivery id and
 * retries, so a body byte-identical to one whose job is still queued is a `duplicate` and adds
 * nothing; once that job has started, the same body queues a fresh one (the data may be newer).
 */
export async function recordWebhook(db: Database, delivery: VerifiedDelivery): Promise<RecordedWebhook> {
  return db.transaction(async (tx) => {
    const json = parseJson(delivery.bodyText);
    const envelope = webhookEnvelopeSchema.safeParse(json);
    const webhookType = envelope.success ? envelope.data.webhook_type : "UNPARSEABLE";
    const webhookCode = envelope.success ? envelope.data.webhook_code : "UNPARSEABLE";
    const plaidItemId = envelope.success ? (envelope.data.item_id ?? null) : null;
    // jsonb needs a JSON value; a signed body that is not JSON is kept as text for inspection.
    const payload = json === undefined ? { unparseable_body: delivery.bodyText.slice(0, 4096) } : json;

    const insertEvent = async (outcome: WebhookOutcome, jobId: number | null, note: string): Promise<RecordedWebhook> => {
      const [event] = await tx
        .insert(plaidWebhookEvents)
        .values({ bodySha256: delivery.bodySha256, plaidItemId, webhookType, webhookCode, payload, outcome, jobId })
        .returning({ id: plaidWebhookEvents.id });
      if (!event) throw new Error("webhook event insert returned no row");
      return { eventId: event.id, outcome, jobId, webhookType, webhookCode, note };
    };

    // Serialises identical bodies (50 concurrent retries) so exactly one of them enqueues; the
    // lookup below runs after it with a fresh snapshot, so it sees what an earlier twin committed.
    await tx.execute(sql`select pg_advisory_xact_lock(${WEBHOOK_INTAKE_LOCK_NAMESPACE}, hashtext(${delivery.bodySha256}))`);
    // Both lookups in one statement: a queued twin of this exact body, and the item it names.
    const [found] = await queryRows<{ twin_job_id: number | string | null; item_id: string | null }>(
      tx,
      sql`select
            (select e.job_id from plaid_webhook_events e join jobs j on j.id = e.job_id
              where e.body_sha256 = ${delivery.bodySha256} and j.state = 'queued' limit 1) as twin_job_id,
            (select i.id from plaid_items i
              where i.plaid_item_id = ${plaidItemId} and i.removed_at is null and i.access_token_ciphertext is not null) as item_id`,
    );
    if (found?.twin_job_id != null) return insertEvent("duplicate", Number(found.twin_job_id), "identical body still queued");
    if (!envelope.success) return insertEvent("ignored", null, "body is not a Plaid webhook envelope");
    const item: WebhookItem | null = found?.item_id ? { id: found.item_id } : null;

    const decision = await handlerFor(envelope.data.webhook_type)({ tx, item, envelope: envelope.data });
    if (!decision.work) return insertEvent("ignored", null, decision.note);
    const job = await joinOrEnqueueJob(tx, { kind: decision.work, key: decision.itemId });
    return insertEvent("queued", job.id, decision.note);
  });
}
