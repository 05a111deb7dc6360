import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs, plaidItems, plaidWebhookEvents, rateLimits, syncStagedTransactions, users, workerHeartbeats } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import { DEFAULT_RETENTION, deleteExpiredRows } from "./retention";
import { createWorker } from "./worker";

let handle: DatabaseHandle;
const logger = createLogger({ level: "silent" });

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(plaidWebhookEvents);
  await handle.db.delete(jobs);
  await handle.db.delete(rateLimits);
  await handle.db.delete(workerHeartbeats);
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function someUser(): Promise<{ id: string }> {
  const [row] = await handle.db.insert(users).values({ email: `retention-${Math.random()}@example.com` }).returning({ id: users.id });
  if (!row) throw new Error("no user");
  return row;
}

async function finishedJob(state: "succeeded" | "failed", finishedDaysAgo: number, key = `${state}-${finishedDaysAgo}`): Promise<number> {
  const [row] = await handle.db
    .insert(jobs)
    .values({ kind: "sync-transactions", key, state, finishedAt: daysAgo(finishedDaysAgo), createdAt: daysAgo(finishedDaysAgo) })
    .returning({ id: jobs.id });
  if (!row) throw new Error("no job");
  return row.id;
}

async function webhookEvent(receivedDaysAgo: number, jobId: number | null = null): Promise<string> {
  const [row] = await handle.db
    .insert(plaidWebhookEvents)
    .values({
      bodySha256: `sha-${receivedDaysAgo}-${Math.random()}`,
      webhookType: "TRANSACTIONS",
      webhookCode: "SYNC_UPDATES_AVAILABLE",
      payload: {},
      outcome: "queued",
      jobId,
      receivedAt: daysAgo(receivedDaysAgo),
    })
    .returning({ id: plaidWebhookEvents.id });
  if (!row) throw new Error("no event");
  return row.id;
}

describe("retention", () => {
  it("deletes succeeded jobs after 14 days, failed jobs after 30, webhook events after 30, rate-limit windows long over and heartbeats of workers gone a day", async () => {
    const oldSuccess = await finishedJob("succeeded", 15);
    const recentSuccess = await finishedJob("succeeded", 13);
    const oldFailure = await finishedJob("failed", 31);
    const recentFailure = await finishedJob("failed", 29);
    // Unfinished work is never history, however old.
    const [queued] = await handle.db
      .insert(jobs)
      .values({ kind: "refresh-item", key: "waiting", runAfter: daysAgo(60), createdAt: daysAgo(60) })
      .returning({ id: jobs.id });
    const oldEvent = await webhookEvent(31);
    // Its job goes, the event stays (pointing nowhere) until its own window ends.
    const recentEvent = await webhookEvent(29, oldSuccess);
    await handle.db.insert(rateLimits).values([
      { key: "sign-in:ip:ended", windowStart: daysAgo(3), count: 9 },
      { key: "sign-in:ip:current", windowStart: new Date(Date.now() - 60_000), count: 2 },
    ]);
    // A worker that crashed two days ago left its heartbeat row; a live one beat just now.
    await handle.db.insert(workerHeartbeats).values([
      { workerId: "crashed", startedAt: daysAgo(3), beatAt: daysAgo(2) },
      { workerId: "alive", beatAt: new Date() },
    ]);

    // A sync attempt that died two days ago left a staged page; one staging right now must stay.
    const [item] = await handle.db
      .insert(plaidItems)
      .values({ userId: (await someUser()).id, plaidItemId: `item-${Date.now()}` })
      .returning({ id: plaidItems.id });
    const staged = (attempt: string, stagedAt: Date) => ({
      itemId: item?.id ?? "", attempt, seq: 1, plaidTransactionId: `tx-${attempt}`, removed: true, stagedAt,
    });
    await handle.db.insert(syncStagedTransactions).values([
      staged("00000000-0000-4000-8000-000000000001", daysAgo(2)),
      staged("00000000-0000-4000-8000-000000000002", new Date()),
    ]);

    const deleted = await deleteExpiredRows(handle.db, DEFAULT_RETENTION);

    expect(deleted).toEqual({ webhookEvents: 1, succeededJobs: 1, failedJobs: 1, rateLimits: 1, workerHeartbeats: 1, stagedSyncRows: 1 });
    expect(await handle.db.select({ attempt: syncStagedTransactions.attempt }).from(syncStagedTransactions)).toEqual([
      { attempt: "00000000-0000-4000-8000-000000000002" },
    ]);
    const jobIds = new Set((await handle.db.select({ id: jobs.id }).from(jobs)).map((row) => row.id));
    expect(jobIds).toEqual(new Set([recentSuccess, recentFailure, queued?.id]));
    expect(jobIds.has(oldFailure)).toBe(false);
    const events = await handle.db.select({ id: plaidWebhookEvents.id, jobId: plaidWebhookEvents.jobId }).from(plaidWebhookEvents);
    expect(events).toEqual([{ id: recentEvent, jobId: null }]);
    expect(events.some((event) => event.id === oldEvent)).toBe(false);
    expect(await handle.db.select({ key: rateLimits.key }).from(rateLimits)).toEqual([{ key: "sign-in:ip:current" }]);
    expect(await handle.db.select({ workerId: workerHeartbeats.workerId }).from(workerHeartbeats)).toEqual([{ workerId: "alive" }]);
  });

  it("honours configured windows and deletes a backlog in bounded batches until none is left", async () => {
    for (let i = 0; i < 7; i += 1) await finishedJob("succeeded", 3, `old-${i}`);
    const kept = await finishedJob("succeeded", 1);
    const policy = { ...DEFAULT_RETENTION, succeededJobsDays: 2 };

    const deleted = await deleteExpiredRows(handle.db, policy, 3);

    expect(deleted.succeededJobs).toBe(7);
    expect(await handle.db.select({ id: jobs.id }).from(jobs)).toEqual([{ id: kept }]);
  });

  it("is enqueued by the worker at most once per interval, however many workers ask", async () => {
    const everyMs = 60 * 60_000;
    const workers = [1, 2, 3].map((n) =>
      createWorker({ db: handle.db, handlers: {}, logger, workerId: `w${n}`, recurring: [{ kind: "retention", key: "all", everyMs }] }),
    );
    for (const worker of [...workers, ...workers]) expect(await worker.runNext()).toBe(false);

    const rows = await handle.db.select().from(jobs).where(eq(jobs.kind, "retention"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ key: "all", state: "queued", attempts: 0 });
    const dueIn = (rows[0]?.runAfter.getTime() ?? 0) - Date.now();
    expect(dueIn).toBeGreaterThan(everyMs - 60_000);
    expect(dueIn).toBeLessThanOrEqual(everyMs);
  });
});
