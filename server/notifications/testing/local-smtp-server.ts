import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  from: string;
  to: string[];
  /** Header name (lower case) → first value, unfolded. */
  headers: Record<string, string>;
  raw: string;
  receivedAt: Date;
}

export interface LocalSmtpServer {
  port: number;
  url: string;
  messages: CaughtMail[];
  /** Closes the port at once, dropping open connections: what "SMTP went down" looks like to a client. */
  stop(): Promise<void>;
}

function parseHeaders(raw: string): Record<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * A real SMTP server on localhost (the `smtp-server` package, plain text, no auth) for
 * development and tests: every accepted message is kept in `messages` and passed to `onMessage`.
 * Port 0 picks a free port.
 */
export async function startLocalSmtpServer(options: { port?: number; host?: string; onMessage?: (mail: CaughtMail) => void } = {}): Promise<LocalSmtpServer> {
  const messages: CaughtMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    disabledCommands: ["AUTH"],
    logger: false,
    // Dropped at stop() instead of waiting out the default 30 s of open connections.
    closeTimeout: 100,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          headers: parseHeaders(raw),
          raw,
          receivedAt: new Date(),
        };
        messages.push(mail);
        options.onMessage?.(mail);
        callback();
      });
    },
  });
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://${host}:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
