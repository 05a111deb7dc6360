import type { SQL } from "drizzle-orm";
import type { Queryable } from "./client";

/**
 * Raw SQL rows on either driver: postgres-js answers an array, PGlite `{ rows }`. Prefer the
 * query builder; this is for the few statements it cannot express (locks, `FOR UPDATE SKIP LOCKED`).
 */
export async function queryRows<Row extends Record<string, unknown>>(db: Queryable, query: SQL): Promise<Row[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as Row[];
  if (result && typeof result === "object" && "rows" in result && Array.isArray(result.rows)) return result.rows as Row[];
  throw new Error("Unexpected result shape from db.execute");
}
