import { EnvError, getEnv } from "./env";

/** Node-only start-up work, imported by instrumentation.ts (which Next also compiles for Edge). */
export function checkEnvironmentOrExit(): void {
  try {
    getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[ledgerlink] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
