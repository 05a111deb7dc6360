import { sql, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { createTestDatabase, testDriver } from "@/test/test-database";
import { claimNextJob } from "./claim-next-job";
import { claimNextJobStatement, staleJobsStatement } from "./queue-sql";
import { DEFAULT_RETENTION, retentionBatchStatements } from "./retention";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 300_000 });

// PostgreSQL only: these are the plans of a deployment with a million rows of history. PGlite
// (the same planner, in-process, for development and single-process demos) spends ~20 s here just
// inserting the rows, and its plans would prove nothing the PostgreSQL run does not.
const onPostgres = testDriver() === "postgres";
const FINISHED_JOBS = 1_000_000;

let handle: DatabaseHandle;

async function plan(statement: SQL): Promise<string> {
  const rows = await queryRows<{ "QUERY PLAN": string }>(handle.db, sql`explain ${statement}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

describe.skipIf(!onPostgres)(`queue statements with ${FINISHED_JOBS.toLocaleString("en-US")} finished jobs`, () => {
  beforeAll(async () => {
    handle = await createTestDatabase();
    // History spread over 60 days and 5,000 items, one in ten failed.
    await handle.db.execute(sql`
      insert into jobs (kind, key, state, attempts, run_after, finished_at, created_at, updated_at)
      select case when g % 2 = 0 then 'sync-transactions' else 'refresh-item' end, 'item-' || (g % 5000),
             case when g % 10 = 0 then 'failed' else 'succeeded' end::job_state, 1,
             now() - (g % 60) * interval '1 day', now() - (g % 60) * interval '1 day' + interval '1 minute',
             now() - (g % 60) * interval '1 day', now() - (g % 60) * interval '1 day'
      from generate_series(1, ${FINISHED_JOBS}) g`);
    // Today's work: 200 due jobs, 20 of whose items are running right now, among a busy fleet's
    // 1,000 other running jobs (enough that reading them all and sorting costs more than the
    // lease index, as it would in production; with a handful either index is as good).
    await handle.db.execute(sql`
      insert into jobs (kind, key, run_after) select 'sync-transactions', 'item-' || g, now() - interval '1 second' from generate_series(0, 199) g`);
    await handle.db.execute(sql`
      insert into jobs (kind, key, state, attempts, locked_at, locked_by, lease_expires_at)
      select 'sync-transactions', case when g < 20 then 'item-' || g else 'busy-' || g end, 'running', 1, now(), 'other-worker',
             now() + interval '1 minute'
      from generate_series(0, 1019) g`);
    await handle.db.execute(sql`analyze jobs`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it("claims through the queued and running partial indexes, never scanning history", async () => {
    const text = await plan(claimNextJobStatement("plan-test", 60_000));
    expect(text).toContain("jobs_claim_idx");
    expect(text).toMatch(/Index (Only )?Scan using jobs_running_kind_key_idx on jobs r\s+\(.*\)\n\s+Index Cond: \(\(kind = j\.kind\) AND \(key = j\.key\)\)/);
    expect(text).not.toMatch(/Seq Scan on jobs/);
  });

  it("claims in about a millisecond", async () => {
    const timings: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      const started = performance.now();
      expect(await claimNextJob(handle.db, `timing-${i}`, 60_000)).not.toBeNull();
      timings.push(performance.now() - started);
    }
    const median = timings.sort((a, b) => a - b)[timings.length / 2] ?? Infinity;
    // Generous for a loaded CI machine; a plan walking history or every lease takes 25-80 ms.
    expect(median).toBeLessThan(15);
  });

  it("reaps through the running-lease index", async () => {
    const text = await plan(staleJobsStatement(20));
    expect(text).toContain("jobs_running_lease_idx");
    expect(text).not.toMatch(/Seq Scan on jobs/);
  });

  it("deletes old history in batches found through the finished-jobs index", async () => {
    const statements = retentionBatchStatements(DEFAULT_RETENTION);
    for (const statement of [statements.succeededJobs, statements.failedJobs]) {
      const text = await plan(statement);
      expect(text).toContain("jobs_finished_idx");
      expect(text).not.toMatch(/Seq Scan on jobs/);
    }
  });
});
