import { type Emulator } from "../context";
import { PlaidApiError } from "../errors";

// Plaid's rules for `redirect_uri` (OAuth): on the team's allowed list in the dashboard, no query
// parameters, and https except on a loopback host (Plaid lets `http://localhost` through for
// development). The emulator's allowed list is an option / PLAID_EMULATOR_ALLOWED_REDIRECT_URIS.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function problem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "redirect_uri must be an absolute URL";
  }
  if (url.search !== "" || uri.includes("?")) return "redirect_uri must not contain query parameters";
  if (url.hash !== "") return "redirect_uri must not contain a fragment";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "redirect_uri must use https (http is allowed only for localhost, 127.0.0.1 and [::1])";
}

/** For the allowed list at start-up: a URI Plaid's dashboard would refuse is a configuration error. */
export function checkAllowedRedirectUri(uri: string): string {
  const reason = problem(uri);
  if (reason !== null) throw new Error(`plaid-emulator: allowed redirect URI "${uri}" is not valid: ${reason}`);
  return uri;
}

/**
 * For `/link/token/create`: Plaid's INVALID_FIELD answers. `alsoAllowed` lets the emulator's own
 * demo page through without being on the list.
 */
export function validateRedirectUri(emu: Emulator, uri: string, alsoAllowed: (url: URL) => boolean = () => false): void {
  const reason = problem(uri);
  if (reason !== null) throw new PlaidApiError("INVALID_FIELD", reason);
  if (!emu.options.allowedRedirectUris.includes(uri) && !alsoAllowed(new URL(uri))) {
    throw new PlaidApiError("INVALID_FIELD", "OAuth redirect URI must be configured in the developer dashboard. See https://plaid.com/docs/#oauth-redirect-uris");
  }
}
