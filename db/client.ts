import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one database type domain code sees, whichever driver sits underneath. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or a transaction handle: what a function needs to run queries. */
export type Queryable = Database | Transaction;

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | { driver: "pglite"; dataDir?: string /* undefined = in memory */ };

export interface DatabaseHandle {
  db: Database;
  config: DatabaseConfig;
  driver: DatabaseConfig["driver"];
  /** Runs a multi-statement SQL string (PGlite needs `exec` for that; postgres-js `unsafe`). */
  execRaw(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

export function createDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
      // Numeric and date columns stay strings: money is never a float.
      types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
    });
    return {
      db: drizzlePostgres(client, { schema, casing: "snake_case" }),
      config,
      driver: "postgres",
      execRaw: async (sqlText) => {
        await client.unsafe(sqlText);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const client = new PGlite(config.dataDir);
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }),
    config,
    driver: "pglite",
    execRaw: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: () => client.close(),
  };
}
