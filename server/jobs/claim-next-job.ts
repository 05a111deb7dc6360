import { sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { claimedJobSchema, type ClaimedJob } from "./claimed-job";

/**
 * Takes the oldest due job and marks it running under `workerId`. `FOR UPDATE SKIP LOCKED` lets
 * any number of workers claim at once without waiting on or double-taking a row (on PGlite,
 * one connection, it is simply uncontended). A job whose kind + key is already running under a
 * live lease waits its turn, so two syncs of one item are not even attempted side by side.
 */
export async function claimNextJob(db: Queryable, workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
  const rows = await queryRows(
    db,
    sql`update jobs set state = 'running', attempts = attempts + 1, locked_at = now(), locked_by = ${workerId}, updated_at = now()
        where id = (
          select j.id from jobs j
          where j.state = 'queued' and j.run_after <= now()
            and not exists (
              select 1 from jobs r
              where r.kind = j.kind and r.key = j.key and r.state = 'running'
                and r.locked_at > now() - ${leaseMs}::int * interval '1 millisecond'
            )
          order by j.run_after, j.id
          limit 1
          for update skip locked
        )
        returning id, kind, key, payload, attempts, max_attempts`,
  );
  const [row] = rows;
  return row ? claimedJobSchema.parse(row) : null;
}
