import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/server/content-security-policy";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { REQUEST_ID_HEADER, requestIdFor } from "@/server/observability/request-id";

/**
 * Sets a per-request nonce CSP. Next reads the nonce from the request's CSP header and stamps it on
 * its own scripts; the root layout reads `x-nonce` for the Link script.
 *
 * Also the pages' request log: a request id (the caller's sane X-Request-Id or a new one) passed
 * on to the page and answered in the response, and one line per page request. Next has no hook
 * after a page has rendered, so this line has no status or duration (route handlers log both,
 * see withRequestLog).
 */
export function proxy(request: NextRequest) {
  const requestId = requestIdFor(request.headers);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(getEnv(), nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // The signed-in layout sends a visitor without a session to sign-in with this as callbackUrl.
  headers.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("content-security-policy", csp);
  headers.set(REQUEST_ID_HEADER, requestId);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  response.headers.set(REQUEST_ID_HEADER, requestId);
  logger.info({ route: "page", method: request.method, path: request.nextUrl.pathname, requestId }, "request");
  return response;
}

export const config = {
  // Pages only: API routes answer JSON and static assets need no nonce.
  matcher: [{ source: "/((?!api|_next/static|_next/image|favicon.ico).*)" }],
};
