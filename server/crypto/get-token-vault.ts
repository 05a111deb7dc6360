import { getEnv } from "@/server/env";
import { parseKeyRing } from "./key-ring";
import { createTokenVault, type TokenVault } from "./token-vault";

let cached: TokenVault | undefined;

/**
 * The app's vault from TOKEN_ENCRYPTION_KEYS (server/env.ts generates and persists a dev key with
 * a warning, and refuses to start in production without one). Built on first use, not at import.
 */
export function getTokenVault(): TokenVault {
  cached ??= createTokenVault(parseKeyRing(getEnv().TOKEN_ENCRYPTION_KEYS));
  return cached;
}
