import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "@/db/client";
import { MIGRATIONS_FOLDER } from "@/db/migrate";
import { queryRows } from "@/db/query-rows";

const journalSchema = z.object({ entries: z.array(z.object({ tag: z.string(), when: z.number() })) });
export type MigrationJournal = z.infer<typeof journalSchema>;

/** The migrations this build ships (db/migrations/meta/_journal.json, written by drizzle-kit). */
export function readMigrationJournal(migrationsFolder = MIGRATIONS_FOLDER): MigrationJournal {
  return journalSchema.parse(JSON.parse(readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")));
}

export interface MigrationStatus {
  /** Every migration of this build is applied. */
  current: boolean;
  applied: number;
  expected: number;
  /** Tags of this build's migrations the database has not applied. */
  pending: string[];
}

/**
 * Compares drizzle's record of applied migrations (drizzle.__drizzle_migrations.created_at holds
 * each journal entry's `when`) with this build's journal. A database that has never been migrated
 * has no such table: everything is pending.
 */
export async function readMigrationStatus(db: Queryable, journal: MigrationJournal): Promise<MigrationStatus> {
  // Asked first rather than caught: inside readiness's transaction a failed statement would abort
  // everything after it.
  const [table] = await queryRows<{ found: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as found`);
  const rows = table?.found ? await queryRows<{ created_at: unknown }>(db, sql`select created_at from drizzle.__drizzle_migrations`) : [];
  const applied = new Set(rows.map((row) => Number(row.created_at)));
  const pending = journal.entries.filter((entry) => !applied.has(entry.when)).map((entry) => entry.tag);
  return { current: pending.length === 0, applied: applied.size, expected: journal.entries.length, pending };
}
