import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { retryDelayMs, type BackoffPolicy } from "@/server/jobs/backoff";
import { isUnsubscribeTarget } from "./kinds";
import type { MailSettings } from "./mail-settings";
import { unsubscribeUrl } from "./render-email";
import { isPermanentSmtpError, sanitizeSmtpError } from "./sanitize-smtp-error";

/** The part of a nodemailer transporter the outbox uses (tests pass a real one at a local smtp-server). */
export interface MailTransport {
  sendMail(message: {
    from: string;
    to: string;
    subject: string;
    text: string;
    html: string;
    messageId: string;
    headers: Record<string, string>;
  }): Promise<unknown>;
}

export interface DeliverDeps {
  db: Queryable;
  transport: MailTransport;
  from: string;
  /** The app's base URL and the key that signs the List-Unsubscribe link. */
  settings: Pick<MailSettings, "publicUrl" | "authSecret">;
  /** Who claims (logs, and the claim's guard). */
  workerId?: string;
  /** How long a claimed row is this worker's; must outlast one send (nodemailer's timeouts, below). */
  leaseMs?: number;
  backoff?: BackoffPolicy;
  maxAttempts?: number;
  batchSize?: number;
  random?: () => number;
}

export interface DeliverSummary {
  sent: number;
  retried: number;
  failed: number;
}

// SMTP down should not retry every 5 seconds for hours, nor wait a day once it is back.
export const OUTBOX_BACKOFF: BackoffPolicy = { baseMs: 30_000, capMs: 60 * 60_000 };
export const OUTBOX_MAX_ATTEMPTS = 12;
export const OUTBOX_LEASE_MS = 5 * 60_000;

interface ClaimedEmail extends Record<string, unknown> {
  id: number | string;
  idempotency_key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  attempts: number;
  user_id: string;
  unsubscribe_kind: string;
}

/**
 * Takes due rows for this worker: pending ones whose time has come, and ones whose sender's lease
 * ran out (it died mid-send). SKIP LOCKED lets two workers claim different rows at once; the
 * lease keeps a row theirs after the claim commits.
 */
async function claimBatch(db: Queryable, workerId: string, leaseMs: number, batchSize: number): Promise<ClaimedEmail[]> {
  return queryRows<ClaimedEmail>(
    db,
    sql`update email_outbox set state = 'sending', claimed_by = ${workerId},
          lease_expires_at = now() + ${leaseMs}::int * interval '1 millisecond', attempts = attempts + 1
        where id in (
          select id from email_outbox
          where state in ('pending', 'sending') and next_attempt_at <= now()
            and (state = 'pending' or lease_expires_at < now())
          order by next_attempt_at, id
          limit ${batchSize}
          for update skip locked
        )
        returning id, idempotency_key, to_address, subject, text_body, html_body, attempts, user_id, unsubscribe_kind`,
  );
}

function messageId(key: string, publicUrl: string): string {
  const host = URL.canParse(publicUrl) ? new URL(publicUrl).hostname : "ledgerlink.local";
  return `<${key.replace(/[^A-Za-z0-9.-]/g, "-")}@${host}>`;
}

/**
 * Sends what is due in the outbox, batch by batch, until nothing due is left or SMTP fails.
 * Each row is marked sent by the claim that sent it (guarded by claimed_by), so two workers never
 * both mark, and the lease means they never both send. A failure keeps the row with exponential
 * backoff; the rest of the batch goes back untouched (no attempt counted) to wait as long, since
 * a down server fails them all alike. A crash between "accepted" and "marked sent" resends once
 * after the lease, with the same Message-ID.
 */
export async function deliverDueEmails(deps: DeliverDeps): Promise<DeliverSummary> {
  const workerId = deps.workerId ?? `outbox:${randomUUID().slice(0, 8)}`;
  const leaseMs = deps.leaseMs ?? OUTBOX_LEASE_MS;
  const backoff = deps.backoff ?? OUTBOX_BACKOFF;
  const maxAttempts = deps.maxAttempts ?? OUTBOX_MAX_ATTEMPTS;
  const summary: DeliverSummary = { sent: 0, retried: 0, failed: 0 };
  for (;;) {
    const batch = await claimBatch(deps.db, workerId, leaseMs, deps.batchSize ?? 20);
    if (batch.length === 0) return summary;
    for (const [index, row] of batch.entries()) {
      const id = Number(row.id);
      // The same signed link as the body's; RFC 8058 one-click: the mail client POSTs to it.
      const unsubscribe = isUnsubscribeTarget(row.unsubscribe_kind) ? unsubscribeUrl(deps.settings, row.user_id, row.unsubscribe_kind) : null;
      try {
        await deps.transport.sendMail({
          from: deps.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId: messageId(row.idempotency_key, deps.settings.publicUrl),
          headers: unsubscribe ? { "List-Unsubscribe": `<${unsubscribe}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
        });
      } catch (error) {
        const permanent = isPermanentSmtpError(error) || row.attempts >= maxAttempts;
        const delayMs = retryDelayMs(row.attempts, backoff, deps.random);
        await deps.db.execute(
          sql`update email_outbox set state = ${permanent ? "failed" : "pending"}::email_state, claimed_by = null, lease_expires_at = null,
                last_error = ${sanitizeSmtpError(error)}, next_attempt_at = now() + ${delayMs}::int * interval '1 millisecond'
              where id = ${id} and claimed_by = ${workerId}`,
        );
        if (permanent) {
          summary.failed += 1;
          continue;
        }
        summary.retried += 1;
        const rest = batch.slice(index + 1).map((other) => Number(other.id));
        if (rest.length > 0) {
          await deps.db.execute(
            sql`update email_outbox set state = 'pending', claimed_by = null, lease_expires_at = null, attempts = attempts - 1,
                  next_attempt_at = now() + ${delayMs}::int * interval '1 millisecond'
                where id in (${sql.join(rest.map((r) => sql`${r}`), sql`, `)}) and claimed_by = ${workerId}`,
          );
        }
        return summary;
      }
      await deps.db.execute(
        sql`update email_outbox set state = 'sent', sent_at = now(), claimed_by = null, lease_expires_at = null, last_error = null
            where id = ${id} and claimed_by = ${workerId}`,
      );
      summary.sent += 1;
    }
  }
}

/** When the next pending email is due (null: nothing waits), so the sender job can be queued for then. */
export async function nextEmailDueAt(db: Queryable): Promise<Date | null> {
  const [row] = await queryRows<{ due: Date | string | null }>(
    db,
    sql`select min(case when state = 'pending' then next_attempt_at else greatest(next_attempt_at, lease_expires_at) end) as due
        from email_outbox where state in ('pending', 'sending')`,
  );
  return row?.due ? new Date(row.due) : null;
}
