import path from "node:path";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import postgres from "postgres";
import type { DatabaseHandle, Schema } from "./client";

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK_ID = 7_294_113;

/**
 * Applies every pending migration; a no-op when there are none. The app on start, the tests and
 * `npm run db:migrate` all call this one function.
 */
export async function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  if (handle.config.driver === "pglite") {
    await migratePglite(handle.db as PgliteDatabase<Schema>, { migrationsFolder });
    return;
  }
  // Several processes (app, worker, a second instance) may start at once, so they take turns.
  // A session-level advisory lock needs one connection for lock, migrate and unlock.
  const client = postgres(handle.config.url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_ID})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
