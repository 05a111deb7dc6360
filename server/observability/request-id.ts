import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

// What a load balancer or tracing proxy sends (UUIDs, hex, base64url, dotted trace ids), and
// nothing that could break a log line or a header: no spaces, quotes or control characters.
const SANE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}$/;

/** The caller's X-Request-Id when it is sane, else a fresh UUID. */
export function requestIdFor(headers: Headers): string {
  const offered = headers.get(REQUEST_ID_HEADER)?.trim();
  return offered && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
}
