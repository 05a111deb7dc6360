import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { inject } from "vitest";
import { createDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";

export type TestDriver = "pglite" | "postgres";

export function testDriver(): TestDriver {
  return process.env.TEST_DRIVER === "postgres" ? "postgres" : "pglite";
}

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
 * run's PostgreSQL server. `close()` drops it.
 */
export async function createTestDatabase(): Promise<DatabaseHandle> {
  if (testDriver() === "pglite") {
    const handle = createDatabase({ driver: "pglite" });
    await migrateDatabase(handle);
    return handle;
  }
  const adminUrl = inject("postgresAdminUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase({ driver: "postgres", url: url.toString() });
  await migrateDatabase(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
