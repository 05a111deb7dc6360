/**
 * Cross-site request forgery guard for the tRPC endpoint, run before tRPC reads a body.
 *
 * tRPC also accepts multipart/form-data and application/octet-stream POSTs, which a plain HTML
 * form on another site can send with the user's cookie (SameSite=Lax stops it only across sites,
 * not from a sibling subdomain). So a state-changing request must be JSON, which a form cannot
 * send and a cross-origin fetch cannot send without a CORS preflight we never grant, and must
 * come from our own origin. The origin check follows Go's net/http CrossOriginProtection:
 * Sec-Fetch-Site when the browser sends it, else Origin against the Host, else (no browser
 * involved: curl, server-to-server, tests) allowed, since the JSON rule still holds.
 */

export interface MutationRequestProblem {
  status: 403 | 415;
  message: string;
}

// Safe methods change nothing; tRPC runs queries on GET and refuses mutations on it.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const SAME_ORIGIN_FETCH_SITES = new Set(["same-origin", "none"]);

function originOf(url: string): string | null {
  return URL.canParse(url) ? new URL(url).origin : null;
}

function isSameOrigin(request: Request, publicUrl: string): boolean {
  const origin = request.headers.get("origin");
  // PUBLIC_URL is ours even when a proxy in front rewrote the Host header.
  if (origin && origin === originOf(publicUrl)) return true;
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite) return SAME_ORIGIN_FETCH_SITES.has(fetchSite);
  if (origin) {
    // "null" (sandboxed frames, some redirects) never parses to a host, so it is refused.
    const host = request.headers.get("host");
    return URL.canParse(origin) && host !== null && new URL(origin).host === host;
  }
  return true;
}

function isJson(request: Request): boolean {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "application/json";
}

/** Why a request must not reach tRPC, or null when it may. */
export function mutationRequestProblem(request: Request, options: { publicUrl: string }): MutationRequestProblem | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) {
    // Queries change nothing, but some call Plaid on the user's behalf (identity.get): a link or
    // an <img> on another site must not make the user's browser run one. Our own pages fetch
    // same-origin; requests without the header (curl, older browsers) fall through.
    const fetchSite = request.headers.get("sec-fetch-site");
    return fetchSite === "cross-site" || fetchSite === "same-site" ? { status: 403, message: "Cross-site requests are not allowed." } : null;
  }
  if (!isSameOrigin(request, options.publicUrl)) {
    return { status: 403, message: "Cross-site requests are not allowed." };
  }
  if (!isJson(request)) {
    return { status: 415, message: "Send JSON (content-type: application/json)." };
  }
  return null;
}
