import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "./client";
import { migrateDatabase } from "./migrate";
import { queryRows } from "./query-rows";
import { createTestDatabase } from "@/test/test-database";

describe("migrateDatabase", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("creates every table of the data model", async () => {
    const rows = await queryRows<{ table_name: string }>(
      handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = rows.map((row) => row.table_name);
    expect(tables).toEqual(
      expect.arrayContaining([
        "users",
        "auth_accounts",
        "auth_sessions",
        "auth_verification_tokens",
        "plaid_items",
        "plaid_accounts",
        "plaid_transactions",
        "plaid_webhook_events",
        "jobs",
        "rate_limits",
      ]),
    );
  });

  it("is idempotent: running it again changes nothing and keeps data", async () => {
    await handle.db.execute(sql`insert into users (id, email) values ('u1', 'keep@example.com')`);
    await migrateDatabase(handle);
    await migrateDatabase(handle);
    const rows = await queryRows<{ count: number }>(handle.db, sql`select count(*)::int as count from users`);
    expect(rows[0]?.count).toBe(1);
  });
});
