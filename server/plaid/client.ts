import { Configuration, PlaidApi, PlaidEnvironments } from "plaid";
import type { Env } from "@/server/env";

export interface PlaidClientOptions {
  /** Plaid host or the emulator, without a trailing slash. */
  basePath: string;
  clientId: string;
  secret: string;
  timeoutMs?: number;
}

/** The one place a PlaidApi is built: credentials in headers, API version pinned. */
export function createPlaidClient(options: PlaidClientOptions): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: options.basePath,
      baseOptions: {
        // Plaid answers in seconds; a hung socket must not hold a tRPC request forever.
        timeout: options.timeoutMs ?? 30_000,
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
