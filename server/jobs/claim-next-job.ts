import type { Queryable } from "@/db/client";
import { queryRows } from "@/db/query-rows";
import { claimedJobSchema, type ClaimedJob } from "./claimed-job";
import { claimNextJobStatement } from "./queue-sql";

/**
 * Takes the oldest due job and marks it running under `workerId` with a lease of `leaseMs`,
 * stored on the row. `FOR UPDATE SKIP LOCKED` lets any number of workers claim at once without
 * waiting on or double-taking a row (on PGlite, one connection, it is simply uncontended). A job
 * whose kind + key is already running under a live lease waits its turn, so two syncs of one
 * item are not even attempted side by side.
 */
export async function claimNextJob(db: Queryable, workerId: string, leaseMs: number): Promise<ClaimedJob | null> {
  const [row] = await queryRows(db, claimNextJobStatement(workerId, leaseMs));
  return row ? claimedJobSchema.parse(row) : null;
}
