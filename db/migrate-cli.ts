// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to PGlite in DATA_DIR.
import path from "node:path";
import { createDatabase, type DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";

const url = process.env.DATABASE_URL;
let handle: DatabaseHandle | undefined;
try {
  handle = url
    ? createDatabase({ driver: "postgres", url, maxConnections: 1 })
    : createDatabase({ driver: "pglite", dataDir: path.join(process.env.DATA_DIR ?? ".data", "pglite") });
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} catch (error) {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await handle?.close();
}
