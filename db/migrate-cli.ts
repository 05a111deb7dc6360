// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to PGlite in DATA_DIR.
import path from "node:path";
import { getEnv } from "@/server/env";
import { checkEnvironmentOrExit } from "@/server/startup";
import { createDatabase, type DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";

// The same start rules as the app and the worker: a release whose settings would stop the app
// stops here, before it changes the schema.
checkEnvironmentOrExit("db:migrate");
const env = getEnv();
let handle: DatabaseHandle | undefined;
try {
  handle = env.DATABASE_URL
    ? createDatabase({ driver: "postgres", url: env.DATABASE_URL, maxConnections: 1 })
    : createDatabase({ driver: "pglite", dataDir: path.join(env.DATA_DIR, "pglite") });
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await handle?.close();
}
