import type { Logger } from "pino";
import type { Database } from "@/db/client";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import type { JobHandler, RecurringJob } from "@/server/jobs/worker";
import { getEnv } from "@/server/env";
import { createMailTransport } from "./create-mail-transport";
import { queueDailyDigests, yesterdayUtc } from "./daily-digest";
import { deliverDueEmails, nextEmailDueAt, type DeliverDeps } from "./deliver-outbox";
import { notifyLargeTransactions } from "./large-transactions";
import { mailSettingsFromEnv, type MailSettings } from "./mail-settings";
import { SEND_EMAIL_JOB } from "./notify";
import { scanDueNotifications } from "./scan-due-notifications";

/** How the worker sends: a transport and sender, or null when email is off (SMTP_URL unset). */
export type MailerDeps = Pick<DeliverDeps, "transport" | "from" | "backoff" | "leaseMs"> & { mail: MailSettings };

const globalForMailer = globalThis as unknown as { ledgerlinkMailer?: MailerDeps | null };

/** This process's mailer, made once from SMTP_URL / MAIL_FROM (null = in-app notifications only). */
export function mailerFromEnv(): MailerDeps | null {
  if (globalForMailer.ledgerlinkMailer !== undefined) return globalForMailer.ledgerlinkMailer;
  const env = getEnv();
  const mail = mailSettingsFromEnv(env);
  globalForMailer.ledgerlinkMailer = env.SMTP_URL ? { transport: createMailTransport(env.SMTP_URL), from: env.MAIL_FROM, mail } : null;
  return globalForMailer.ledgerlinkMailer;
}

/** Said once when a worker starts, so an operator knows why no email arrives. */
export function logMailMode(log: Pick<Logger, "info" | "warn">): void {
  const env = getEnv();
  if (!env.SMTP_URL) log.warn("email notifications off: SMTP_URL unset (notifications stay in the app)");
  else log.info({ smtpHost: new URL(env.SMTP_URL).host, from: env.MAIL_FROM }, "email notifications on");
}

// The sender job also runs this often when nothing wakes it (a row whose backoff ended).
export const SEND_EMAIL_SCHEDULE: RecurringJob = { ...SEND_EMAIL_JOB, everyMs: 60_000 };
// Time-based notifications and yesterday's digests: hourly, deduplicated per event.
export const NOTIFICATIONS_SCAN_SCHEDULE: RecurringJob = { kind: "notifications-scan", key: "all", everyMs: 60 * 60_000 };

export function notificationJobHandlers(deps: {
  handle: { db: Database };
  mailer?: MailerDeps | null;
  now?: () => Date;
}): Record<"send-email" | "notifications-scan", JobHandler> {
  const mailer = () => (deps.mailer === undefined ? mailerFromEnv() : deps.mailer);
  return {
    "send-email": async (job) => {
      const current = mailer();
      if (!current) return { outcome: "done" };
      const summary = await deliverDueEmails({ db: deps.handle.db, workerId: `job:${job.id}`, settings: current.mail, ...current });
      // Rows waiting out a backoff: come back when the first is due (the minute sweep is the net).
      const due = await nextEmailDueAt(deps.handle.db);
      if (due) await enqueueJob(deps.handle.db, { ...SEND_EMAIL_JOB, runAfter: due });
      return { outcome: "done", summary: { ...summary } };
    },
    "notifications-scan": async () => {
      const now = deps.now?.() ?? new Date();
      const scanned = await scanDueNotifications(deps.handle.db, now);
      const current = mailer();
      const digests = current ? await queueDailyDigests(deps.handle.db, yesterdayUtc(now), current.mail) : 0;
      return { outcome: "done", summary: { ...scanned, digests } };
    },
  };
}

/** After a successful sync: the item's unusually large transactions (server/notifications/large-transactions.ts). */
export { notifyLargeTransactions };
