import { DevSecretsError } from "./dev-secrets";
import { EnvError, getEnv } from "./env";

/**
 * The first thing every entry point does (the app via instrumentation.ts, the worker, migrations,
 * key rotation): a misconfigured deploy stops here, before any connection, with one line naming
 * every problem. Node-only; instrumentation.ts imports it inside its Node branch.
 */
export function checkEnvironmentOrExit(label = "ledgerlink"): void {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError || error instanceof DevSecretsError) {
      console.error(`[${label}] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
