import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Queryable } from "./client";

// Renders raw `sql` templates only (no tables or columns), so the casing option does not matter.
const dialect = new PgDialect();

/**
 * `queryRows` for a hot statement: on PostgreSQL it runs as a prepared statement, planned once
 * per pooled connection (postgres-js keys it by its text) instead of on every call. For the
 * webhook intake's statement of five CTEs, planning was over half of its database time. PGlite
 * runs it like every other query. Behind a transaction-mode pooler (PgBouncer) prepared statements
 * need its prepared-statement support.
 */
export async function preparedRows<Row extends Record<string, unknown>>(db: Queryable, name: string, query: SQL): Promise<Row[]> {
  const result: unknown = await db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, name, false).execute();
  if (Array.isArray(result)) return result as Row[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) return result.rows as Row[];
  throw new Error("Unexpected result shape from a prepared query");
}
