import nodemailer from "nodemailer";
import type { MailTransport } from "./deliver-outbox";

/**
 * A nodemailer SMTP transport for SMTP_URL (smtp:// or smtps://, credentials in the URL). Short
 * timeouts: a hung server must fail the send well within the outbox lease, so the row is retried
 * rather than held. One pooled connection is reused across a burst.
 */
export function createMailTransport(smtpUrl: string): MailTransport & { close(): void } {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
