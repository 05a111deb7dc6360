import { CountryCode, Products, type PlaidApi } from "plaid";
import type { Logger } from "pino";
import { getTokenVault } from "@/server/crypto/get-token-vault";
import type { TokenVault } from "@/server/crypto/token-vault";
import { getEnv, type Env } from "@/server/env";
import { logger as appLogger } from "@/server/logger";
import { createPlaidClient, plaidClientOptionsFromEnv } from "./client";

export interface PlaidConfig {
  /** Where Plaid sends this app's webhooks: PUBLIC_URL + /api/plaid/webhook. */
  webhookUrl: string;
  products: Products[];
  /** Consented at Link, used when the bank offers them (`optional_products`); never overlaps `products`. */
  optionalProducts?: Products[];
  /** Link's OAuth `redirect_uri` (PLAID_REDIRECT_URI); unset = OAuth in Link's own popup. */
  redirectUri?: string;
  countryCodes: CountryCode[];
  language: string;
  clientName: string;
}

/** Everything server/plaid operations need, passed in so tests can use the emulator and a test vault. */
export interface PlaidDeps {
  client: PlaidApi;
  vault: TokenVault;
  config: PlaidConfig;
  /** Defaults to the app logger; tests pass one writing to a buffer to check what gets logged. */
  logger?: Logger;
}

export function plaidLogger(deps: PlaidDeps): Logger {
  return deps.logger ?? appLogger;
}

function oneOf<T extends string>(values: Record<string, T>, name: string, raw: string[]): T[] {
  const allowed = new Set<string>(Object.values(values));
  return raw.map((value) => {
    if (!allowed.has(value)) throw new Error(`${name} has an unknown value "${value}"`);
    return value as T;
  });
}

export function plaidConfigFromEnv(env: Env): PlaidConfig {
  const products = oneOf(Products, "PLAID_PRODUCTS", env.PLAID_PRODUCTS);
  const optionalProducts = oneOf(Products, "PLAID_OPTIONAL_PRODUCTS", env.PLAID_OPTIONAL_PRODUCTS);
  // Plaid refuses a Link token whose product lists overlap: say which variable to fix instead.
  const both = optionalProducts.filter((product) => products.includes(product));
  if (both.length > 0) throw new Error(`PLAID_OPTIONAL_PRODUCTS repeats ${both.join(", ")} from PLAID_PRODUCTS`);
  return {
    webhookUrl: `${env.PUBLIC_URL.replace(/\/+$/, "")}/api/plaid/webhook`,
    products,
    optionalProducts,
    ...(env.PLAID_REDIRECT_URI ? { redirectUri: env.PLAID_REDIRECT_URI } : {}),
    countryCodes: oneOf(CountryCode, "PLAID_COUNTRY_CODES", env.PLAID_COUNTRY_CODES),
    language: env.PLAID_LANGUAGE,
    clientName: "Ledgerlink",
  };
}

let cached: PlaidDeps | undefined;

/** The app's Plaid dependencies, built from env on first use (never at import: `next build`). */
export function getPlaidDeps(): PlaidDeps {
  if (!cached) {
    const env = getEnv();
    cached = {
      client: createPlaidClient(plaidClientOptionsFromEnv(env)),
      vault: getTokenVault(),
      config: plaidConfigFromEnv(env),
    };
  }
  return cached;
}
