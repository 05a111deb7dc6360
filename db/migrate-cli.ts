// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to PGlite in DATA_DIR.
import path from "node:path";
import { createDatabase } from "./client";
import { migrateDatabase } from "./migrate";

const url = process.env.DATABASE_URL;
const handle = url
  ? createDatabase({ driver: "postgres", url, maxConnections: 1 })
  : createDatabase({ driver: "pglite", dataDir: path.join(process.env.DATA_DIR ?? ".data", "pglite") });

try {
  await migrateDatabase(handle);
  console.log(`migrations applied (${handle.driver})`);
} finally {
  await handle.close();
}
