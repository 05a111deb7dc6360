import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
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

/** postgres-js's own default; DATABASE_POOL_SIZE overrides it for the app and the worker. */
export const DEFAULT_POOL_SIZE = 10;

export interface DatabaseHandle {
  db: Database;
  config: DatabaseConfig;
  driver: DatabaseConfig["driver"];
  /**
   * Connections the handle can use at once. PGlite is one connection that queues every query,
   * so it never runs out; a PostgreSQL pool does, and a caller waits for a free connection.
   */
  poolSize: number;
  /** Runs a multi-statement SQL string (PGlite needs `exec` for that; postgres-js `unsafe`). */
  execRaw(sqlText: string): Promise<void>;
  close(): Promise<void>;
}

export function createDatabase(config: DatabaseConfig): DatabaseHandle {
  if (config.driver === "postgres") {
    const poolSize = config.maxConnections ?? DEFAULT_POOL_SIZE;
    const client = postgres(config.url, {
      max: poolSize,
      onnotice: () => {},
      // Numeric and date columns stay strings: money is never a float.
      types: { date: { to: 1082, from: [1082], serialize: (v: string) => v, parse: (v: string) => v } },
    });
    return {
      db: drizzlePostgres(client, { schema, casing: "snake_case" }),
      config,
      driver: "postgres",
      poolSize,
      execRaw: async (sqlText) => {
        await client.unsafe(sqlText);
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  const releaseLock = config.dataDir ? claimDataDir(config.dataDir) : () => {};
  // pg_trgm backs the transaction search index; PostgreSQL ships it as a contrib extension.
  const client = new PGlite({ dataDir: config.dataDir, extensions: { pg_trgm } });
  return {
    db: drizzlePglite(client, { schema, casing: "snake_case" }),
    config,
    driver: "pglite",
    poolSize: 1,
    execRaw: async (sqlText) => {
      await client.exec(sqlText);
    },
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still running.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one database in one process: a second process opening the same folder (a migration
 * while `npm run dev` runs) would corrupt it. A pid file turns that into a clear error; a file
 * left by a crashed process is taken over.
 */
function claimDataDir(dataDir: string): () => void {
  // Private: DATA_DIR also holds the development secrets.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockFile = path.join(dataDir, "ledgerlink.pid");
  let holder = Number.NaN;
  try {
    holder = Number(readFileSync(lockFile, "utf8").trim());
  } catch {
    // no lock yet
  }
  if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
    throw new Error(
      `${dataDir} is in use by process ${holder}: PGlite allows one process at a time. Stop it first, or set DATABASE_URL to use PostgreSQL.`,
    );
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}
