import pino from "pino";
import { currentRequestId } from "./observability/request-context";

/**
 * Every path a secret could travel through. Redaction happens inside pino, so a careless
 * `logger.info({ config })` still prints "[redacted]" instead of a token.
 */
export const REDACT_PATHS = [
  "access_token",
  "accessToken",
  "public_token",
  "publicToken",
  "link_token",
  "secret",
  "password",
  "passwordHash",
  "authorization",
  "cookie",
  "*.access_token",
  "*.accessToken",
  "*.public_token",
  "*.publicToken",
  "*.secret",
  "*.password",
  "*.passwordHash",
  "*.authorization",
  "*.Authorization",
  "*.cookie",
  "*.Cookie",
  "*.headers",
  "*.config",
  "headers.authorization",
  "headers.cookie",
  'headers["plaid-secret"]',
  'headers["PLAID-SECRET"]',
  "req.headers.authorization",
  "req.headers.cookie",
  "err.config",
  "err.request",
  "err.response.config",
  "error.config",
  "error.request",
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): pino.Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? "info",
      base: { service: "ledgerlink" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      // Inside a request (or a job a request enqueued) every line names it: grep one id, see it all.
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    options.destination,
  );
}

const globalForLogger = globalThis as unknown as { ledgerlinkLogger?: pino.Logger };
export const logger = (globalForLogger.ledgerlinkLogger ??= createLogger());
