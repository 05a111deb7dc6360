import path from "node:path";
import { createDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { getEnv } from "./env";
import { logger } from "./logger";

// Kept on globalThis so `next dev` hot reloads reuse one connection pool, and one PGlite instance
// owns `.data/` (PGlite is a single connection in a single process).
const globalForDb = globalThis as unknown as { ledgerlinkDb?: Promise<DatabaseHandle> };

async function open(): Promise<DatabaseHandle> {
  const env = getEnv();
  const handle = env.DATABASE_URL
    ? createDatabase({ driver: "postgres", url: env.DATABASE_URL, maxConnections: env.DATABASE_POOL_SIZE })
    : createDatabase({ driver: "pglite", dataDir: path.join(env.DATA_DIR, "pglite") });
  await migrateDatabase(handle);
  logger.info({ driver: handle.driver }, "database ready");
  return handle;
}

/**
 * The app's database, opened and migrated on first use, never at import time: `next build`
 * evaluates server modules in several processes at once.
 */
export function getDatabase(): Promise<DatabaseHandle> {
  globalForDb.ledgerlinkDb ??= open().catch((error: unknown) => {
    globalForDb.ledgerlinkDb = undefined;
    throw error;
  });
  return globalForDb.ledgerlinkDb;
}

/** Closes the app's database if it was ever opened: the last step of a graceful shutdown. */
export async function closeDatabase(): Promise<void> {
  const opening = globalForDb.ledgerlinkDb;
  globalForDb.ledgerlinkDb = undefined;
  const handle = await opening?.catch(() => undefined);
  await handle?.close();
}
