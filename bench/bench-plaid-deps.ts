import { CountryCode, Products } from "plaid";
import { parseKeyRing } from "@/server/crypto/key-ring";
import { createTokenVault } from "@/server/crypto/token-vault";
import { createLogger } from "@/server/logger";
import { createPlaidClient } from "@/server/plaid/client";
import type { PlaidDeps } from "@/server/plaid/services";

/** Plaid deps for the benchmark: the emulator at `emulatorUrl`, a vault on `keys` (`id:base64key`). */
export function benchPlaidDeps(emulatorUrl: string, keys: string): PlaidDeps {
  return {
    client: createPlaidClient({ basePath: emulatorUrl, clientId: "emulator-client-id", secret: "emulator-secret", timeoutMs: 120_000 }),
    vault: createTokenVault(parseKeyRing(keys)),
    config: { webhookUrl: "http://127.0.0.1:9/", products: [Products.Transactions], countryCodes: [CountryCode.Us], language: "en", clientName: "bench" },
    logger: createLogger({ level: "silent" }),
  };
}
