import type { Env } from "./env";
import { linkScriptFor } from "./plaid-link-script";

/**
 * The page's CSP, built per request with a fresh nonce: only our own (nonced) scripts run, and
 * the only third parties are Plaid Link's script, frame and API (or the emulator standing in).
 */
export function contentSecurityPolicy(env: Pick<Env, "PLAID_ENV" | "PLAID_BASE_URL" | "NODE_ENV">, nonce: string): string {
  const emulator = linkScriptFor(env);
  const plaid = emulator ? [emulator.origin] : ["https://cdn.plaid.com"];
  const plaidApi = emulator ? [emulator.origin] : ["https://*.plaid.com"];
  const dev = env.NODE_ENV === "development";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'strict-dynamic' lets the nonced Link loader add Plaid's script; dev needs eval for HMR.
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...plaid, ...(dev ? ["'unsafe-eval'"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...plaid],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...plaidApi, ...(dev ? ["ws:"] : [])],
    "frame-src": ["'self'", ...plaid],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}
