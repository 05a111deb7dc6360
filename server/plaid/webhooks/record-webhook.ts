import { sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { preparedRows } from "@/db/prepared-rows";
import type { WebhookOutcome } from "@/db/schema";
import { payloadWithRequestId } from "@/server/observability/request-context";
import { handlerFor } from "./route-webhook";
import { webhookEnvelopeSchema } from "./schemas";
import type { WebhookDecision } from "./webhook-decision";

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

interface IntakeRow extends Record<string, unknown> {
  id: string;
  outcome: WebhookOutcome;
  job_id: number | string | null;
}

/**
 * Records a verified delivery and joins or enqueues its work in ONE statement (one round trip,
 * atomic on its own): either both happen or neither does, so a 200 always means the work is
 * durable. Concurrency is settled by two unique indexes instead of a lock:
 *
 * - `jobs_queued_kind_key_idx` (one queued job per kind + key): the first delivery inserts the
 *   job; a concurrent one waits for it, then joins it with a no-op update that rewrites nothing (a
 *   retry's backoff stands) but row-locks the job, so no worker claims it before this statement
 *   commits: the run it joins starts after this hint arrived. A job already running is not
 *   queued, so the hint queues a fresh one and is never lost.
 * - `plaid_webhook_events_queued_body_idx` (one `queued` event per body + job): Plaid sends no
 *   delivery id and retries, so a body byte-identical to one already riding on this queued job is
 *   recorded as a `duplicate` of it and adds nothing; N identical deliveries at once make one
 *   `queued` event and N−1 duplicates.
 *
 * A delivery for an item we do not hold (or that is removed or disconnected), of a type or code
 * we do not act on, or that is not an envelope at all, is recorded as `ignored`.
 */
export async function recordWebhook(db: Database, delivery: VerifiedDelivery): Promise<RecordedWebhook> {
  const json = parseJson(delivery.bodyText);
  const envelope = webhookEnvelopeSchema.safeParse(json);
  const webhookType = envelope.success ? envelope.data.webhook_type : "UNPARSEABLE";
  const webhookCode = envelope.success ? envelope.data.webhook_code : "UNPARSEABLE";
  const plaidItemId = envelope.success ? (envelope.data.item_id ?? null) : null;
  // jsonb needs a JSON value; a signed body that is not JSON is kept as text for inspection. A JSON
  // body goes as it came: no re-serialising.
  const payload = json === undefined ? JSON.stringify({ unparseable_body: delivery.bodyText.slice(0, 4096) }) : delivery.bodyText;
  const decision: WebhookDecision = envelope.success
    ? handlerFor(envelope.data.webhook_type)(envelope.data)
    : { work: null, note: "body is not a Plaid webhook envelope" };
  const flagNewAccounts = decision.work !== null && decision.flagNewAccounts === true;
  // History flags only ever go to true: deliveries arrive out of order, an older one never undoes.
  const historical = decision.work !== null && decision.historyProgress?.historical === true;
  const initial = historical || (decision.work !== null && decision.historyProgress?.initial === true);
  // PENDING_DISCONNECT's warning and USER_ACCOUNT_REVOKED's account are only in the webhook: kept with the event.
  const disconnectReason = decision.work !== null ? (decision.pendingDisconnect?.reason ?? null) : null;
  const disconnectAt = decision.work !== null ? (decision.pendingDisconnect?.at.toISOString() ?? null) : null;
  const revokedAccountId = decision.work !== null ? (decision.revokedAccountId ?? null) : null;
  const event = sql`${delivery.bodySha256}, ${plaidItemId}, ${webhookType}, ${webhookCode}, ${payload}::jsonb`;

  const [row] = await preparedRows<IntakeRow>(
    db,
    "record-webhook",
    sql`with item as (
          select i.id from plaid_items i
          where ${decision.work}::text is not null and i.plaid_item_id = ${plaidItemId}::text
            and i.removed_at is null and i.access_token_ciphertext is not null
        ),
        flagged as (
          update plaid_items set
            new_accounts_available = new_accounts_available or ${flagNewAccounts}::boolean,
            initial_update_complete = initial_update_complete or ${initial}::boolean,
            historical_update_complete = historical_update_complete or ${historical}::boolean,
            pending_disconnect_reason = coalesce(${disconnectReason}::text, pending_disconnect_reason),
            pending_disconnect_at = case when ${disconnectReason}::text is null then pending_disconnect_at else ${disconnectAt}::timestamptz end
          where id in (select id from item)
            -- Written only when a flag changes: most deliveries repeat what the row already says.
            and ((${flagNewAccounts}::boolean and not new_accounts_available)
              or (${initial}::boolean and not initial_update_complete)
              or (${historical}::boolean and not historical_update_complete)
              or ${disconnectReason}::text is not null)
        ),
        revoked_account as (
          update plaid_accounts set revoked_at = now()
          where ${revokedAccountId}::text is not null and plaid_account_id = ${revokedAccountId}::text
            and item_id in (select id from item) and revoked_at is null
        ),
        job as (
          -- The payload names the delivery's request (X-Request-Id), for the job's log lines.
          insert into jobs (kind, key, payload) select ${decision.work}::text, item.id::text, ${JSON.stringify(payloadWithRequestId())}::jsonb from item
          on conflict (kind, key) where state = 'queued' do update set kind = jobs.kind
          returning id
        ),
        queued as (
          insert into plaid_webhook_events (body_sha256, plaid_item_id, webhook_type, webhook_code, payload, outcome, job_id)
          select ${event}, 'queued', job.id from job
          on conflict (body_sha256, job_id) where outcome = 'queued' do nothing
          returning id, outcome, job_id
        ),
        other as (
          insert into plaid_webhook_events (body_sha256, plaid_item_id, webhook_type, webhook_code, payload, outcome, job_id)
          select ${event}, (case when job.id is null then 'ignored' else 'duplicate' end)::webhook_outcome, job.id
          from (select 1) as one left join job on true
          where not exists (select 1 from queued)
          returning id, outcome, job_id
        )
        select id, outcome, job_id from queued
        union all
        select id, outcome, job_id from other`,
  );
  if (!row) throw new Error("webhook intake statement returned no row");
  const jobId = row.job_id === null ? null : Number(row.job_id);
  const note =
    row.outcome === "duplicate"
      ? "identical body still queued"
      : row.outcome === "ignored" && decision.work !== null
        ? "unknown or removed item"
        : decision.note;
  return { eventId: row.id, outcome: row.outcome, jobId, webhookType, webhookCode, note };
}
