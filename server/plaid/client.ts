import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";
import type { Env } from "@/server/env";

export interface PlaidClientOptions {
  /** Plaid host or the emulator, without a trailing slash. */
  basePath: string;
  clientId: string;
  secret: string;
  timeoutMs?: number;
}

/**
 * Plaid answers in seconds; a hung socket must not hold a tRPC request or a job forever. Calls made
 * while Plaid waits on us (the webhook key fetch) set a much shorter deadline per call.
 */
export const PLAID_TIMEOUT_MS = 30_000;

/** The one place a PlaidApi is built: credentials in headers, API version pinned. */
export function createPlaidClient(options: PlaidClientOptions): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: options.basePath,
      baseOptions: {
        timeout: options.timeoutMs ?? PLAID_TIMEOUT_MS,
        headers: {
          "PLAID-CLIENT-ID": options.clientId,
          "PLAID-SECRET": options.secret,
          "Plaid-Version": "2020-09-14",
        },
      },
    }),
  );
}

/**
 * `emulator` talks to PLAID_BASE_URL; `sandbox` and `production` always use Plaid's own hosts, so
 * a stray PLAID_BASE_URL can never send real credentials somewhere else.
 */
export function plaidClientOptionsFromEnv(env: Env): PlaidClientOptions {
  const basePath = env.PLAID_ENV === "emulator" ? env.PLAID_BASE_URL : PlaidEnvironments[env.PLAID_ENV];
  if (!basePath) throw new Error(`No Plaid host for PLAID_ENV=${env.PLAID_ENV}`);
  return { basePath: basePath.replace(/\/+$/, ""), clientId: env.PLAID_CLIENT_ID, secret: env.PLAID_SECRET };
}
