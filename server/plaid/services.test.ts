import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { plaidClientOptionsFromEnv } from "./client";
import { plaidConfigFromEnv } from "./services";

const env = (extra: Record<string, string>) =>
  parseEnv({ AUTH_SECRET: "x".repeat(32), TOKEN_ENCRYPTION_KEYS: `k:${randomBytes(32).toString("base64")}`, ...extra });

describe("Plaid client options from env", () => {
  it("talks to the emulator at PLAID_BASE_URL with the emulator's credentials", () => {
    expect(plaidClientOptionsFromEnv(env({ PLAID_BASE_URL: "http://127.0.0.1:4999/" }))).toEqual({
      basePath: "http://127.0.0.1:4999",
      clientId: "emulator-client-id",
      secret: "emulator-secret",
    });
  });

  it("always uses Plaid's own host for sandbox and production, whatever PLAID_BASE_URL says", () => {
    const credentials = { PLAID_CLIENT_ID: "client", PLAID_SECRET: "secret", PLAID_BASE_URL: "http://elsewhere.example" };
    expect(plaidClientOptionsFromEnv(env({ ...credentials, PLAID_ENV: "sandbox" })).basePath).toBe("https://sandbox.plaid.com");
    expect(plaidClientOptionsFromEnv(env({ ...credentials, PLAID_ENV: "production" })).basePath).toBe("https://production.plaid.com");
  });
});

describe("Plaid config from env", () => {
  it("points webhooks at PUBLIC_URL and takes products, countries and language from env", () => {
    const config = plaidConfigFromEnv(
      env({ PUBLIC_URL: "https://app.example/", PLAID_PRODUCTS: "transactions,identity", PLAID_COUNTRY_CODES: "US,CA", PLAID_LANGUAGE: "fr" }),
    );
    expect(config).toEqual({
      webhookUrl: "https://app.example/api/plaid/webhook",
      products: ["transactions", "identity"],
      optionalProducts: ["liabilities"],
      countryCodes: ["US", "CA"],
      language: "fr",
      clientName: "Ledgerlink",
    });
  });

  it("passes PLAID_REDIRECT_URI and PLAID_OPTIONAL_PRODUCTS through, and refuses an optional product already in PLAID_PRODUCTS", () => {
    const config = plaidConfigFromEnv(env({ PLAID_REDIRECT_URI: "https://app.example/oauth-return", PLAID_OPTIONAL_PRODUCTS: "liabilities,identity" }));
    expect(config.redirectUri).toBe("https://app.example/oauth-return");
    expect(config.optionalProducts).toEqual(["liabilities", "identity"]);
    expect(() => plaidConfigFromEnv(env({ PLAID_OPTIONAL_PRODUCTS: "transactions" }))).toThrow(/PLAID_OPTIONAL_PRODUCTS repeats transactions/);
  });

  it("refuses a product Plaid does not know", () => {
    expect(() => plaidConfigFromEnv(env({ PLAID_PRODUCTS: "transactions,teleportation" }))).toThrow(/PLAID_PRODUCTS.*teleportation/);
  });
});
