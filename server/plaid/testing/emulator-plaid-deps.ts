/**
 * The pieces every emulator-backed integration test needs, written once: Plaid deps pointed at
 * the emulator (real client, real vault with a random key) and a caller for its test controls.
 */
import { randomBytes } from "node:crypto";
import type pino from "pino";
import { CountryCode, Products } from "plaid";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { createPlaidClient } from "../client";
import type { PlaidDeps } from "../services";

export function emulatorPlaidDeps(options: {
  emulatorUrl: string;
  logger: pino.Logger;
  encryptionKeys?: string;
  timeoutMs?: number;
}): { deps: PlaidDeps; encryptionKeys: string } {
  const encryptionKeys = options.encryptionKeys ?? `test1:${randomBytes(32).toString("base64")}`;
  const deps: PlaidDeps = {
    client: createPlaidClient({
      basePath: options.emulatorUrl,
      clientId: "emulator-client-id",
      secret: "emulator-secret",
      timeoutMs: options.timeoutMs ?? 10_000,
    }),
    vault: createTokenVault(parseKeyRing(encryptionKeys)),
    config: {
      webhookUrl: "http://127.0.0.1:9/api/plaid/webhook",
      products: [Products.Transactions],
      countryCodes: [CountryCode.Us],
      language: "en",
      clientName: "Ledgerlink tests",
    },
    logger: options.logger,
  };
  return { deps, encryptionKeys };
}

/** Calls an emulator test control (`/__emulator/...`): POST with a JSON body, GET without one. */
export function emulatorControl(emulatorUrl: string) {
  return async (path: string, body?: unknown): Promise<unknown> => {
    const send = () =>
      fetch(`${emulatorUrl}/__emulator/${path.replace(/^\//, "")}`, {
        method: body === undefined ? "GET" : "POST",
        // No keep-alive: a pooled socket the emulator already closed would fail with ECONNRESET.
        headers: { "content-type": "application/json", connection: "close" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const response = await send().catch(send);
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator control ${path} answered ${response.status}: ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  };
}
