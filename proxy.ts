import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/server/content-security-policy";
import { getEnv } from "@/server/env";

/**
 * Sets a per-request nonce CSP. Next reads the nonce from the request's CSP header and stamps it on
 * its own scripts; the root layout reads `x-nonce` for the Link script.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(getEnv(), nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  // The signed-in layout sends a visitor without a session to sign-in with this as callbackUrl.
  headers.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  // Pages only: API routes answer JSON and static assets need no nonce.
  matcher: [{ source: "/((?!api|_next/static|_next/image|favicon.ico).*)" }],
};
