import type { Cluster } from "../cluster";
import { overlappingRuns } from "../plaid-recorder";
import { checkCommon, runScenario } from "../summary";
import { emulatorFinalCursor, emulatorJson, sleep, waitForConvergence, type ConnectedItem } from "../truth";

const KILLS = 20;
// Each of the 10k item's 20 pages waits this long, so a sync outlasts the longest kill delay and
// a kill at a random moment lands in its paging, its staging writes or its final transaction.
const PAGE_LATENCY_MS = 150;
const MAX_KILL_DELAY_MS = 2_200;

async function runningSyncHolder(cluster: Cluster, itemId: string): Promise<string | null> {
  const [row] = await cluster.sql<{ locked_by: string }[]>`
    select locked_by from jobs where kind = 'sync-transactions' and key = ${itemId} and state = 'running' and locked_by is not null limit 1`;
  return row?.locked_by ?? null;
}

/**
 * Time travel for the queue: a killed worker's job comes back with the job backoff (2.5 s, 5 s, 10 s
 * … doubling, base 5 s, no time scale), which would stretch 20 kills over many minutes. The waits
 * are made to have passed; the attempts still count, so the eighth loss parks the job as the
 * worker's poison-pill rule says, and the bank's next webhook starts a fresh one.
 */
async function fastForwardQueue(cluster: Cluster, itemId: string): Promise<{ queued: number; running: number }> {
  await cluster.sql`update jobs set run_after = now() where kind = 'sync-transactions' and key = ${itemId} and state = 'queued' and run_after > now()`;
  const [row] = await cluster.sql<{ queued: number; running: number }[]>`
    select count(*) filter (where state = 'queued')::int as queued, count(*) filter (where state = 'running')::int as running
    from jobs where kind = 'sync-transactions' and key = ${itemId}`;
  return row ?? { queued: 0, running: 0 };
}

async function storedCursor(cluster: Cluster, itemId: string): Promise<string | null> {
  const [row] = await cluster.sql<{ transactions_cursor: string | null }[]>`select transactions_cursor from plaid_items where id = ${itemId}`;
  return row?.transactions_cursor ?? null;
}

/**
 * A 10,000-transaction item (user_transactions_10k) whose sync is SIGKILLed at a random moment 20
 * times, the killed worker restarted each time, with bank activity (posted pendings, modified and
 * removed rows) between kills once the first sync is through: afterwards the database equals the
 * emulator row for row and the stored cursor is the one a full sync from "" ends with.
 */
export function crashLoop(cluster: Cluster, connect: () => Promise<ConnectedItem>) {
  return runScenario("crash loop", async (result) => {
    const started = Date.now();
    cluster.recorder.setSyncLatency((source) => (source.startsWith("worker-") ? PAGE_LATENCY_MS : 0));
    let item: ConnectedItem;
    const restarts = new Map<number, Promise<unknown>>();
    let kills = 0;
    let duringFirstSync = 0;
    let duringLaterSync = 0;
    try {
      item = await connect();
      let lastKillAt = 0;
      for (let round = 0; round < KILLS; round++) {
        // The last rounds run at full speed, so the first sync can finish and later (incremental) syncs get killed too.
        if (round === KILLS - 6) cluster.recorder.setSyncLatency(null);
        // Wait for the item's next sync to start; once the first sync is through, give the bank news.
        const waitStarted = Date.now();
        let nudged = false;
        while (cluster.recorder.lastSyncStartedAt(item.accessToken) <= lastKillAt && Date.now() - waitStarted < 20_000) {
          if (Date.now() - waitStarted > 500) {
            const queue = await fastForwardQueue(cluster, item.id);
            // Nothing queued or running: the sync finished, or its job was parked. The bank has news.
            if (!nudged && queue.queued === 0 && queue.running === 0) {
              await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1 + Math.floor(Math.random() * 3) });
              nudged = true;
            }
          }
          await sleep(50);
        }
        const firstSyncDone = (await storedCursor(cluster, item.id)) !== null;
        await sleep(Math.random() * MAX_KILL_DELAY_MS);
        const holder = await runningSyncHolder(cluster, item.id);
        const index = holder ? cluster.workers.findIndex((worker) => holder.includes(`:${worker.pid}:`)) : -1;
        const victim = index >= 0 ? index : Math.floor(Math.random() * cluster.workers.length);
        await restarts.get(victim);
        if (index >= 0) {
          if (firstSyncDone) duringLaterSync += 1;
          else duringFirstSync += 1;
        }
        lastKillAt = Date.now();
        restarts.set(victim, cluster.killWorker(victim));
        kills += 1;
      }
      await Promise.all(restarts.values());
    } finally {
      cluster.recorder.setSyncLatency(null);
    }

    // The last kill's job comes back after its backoff; let that time pass too.
    const fastForward = setInterval(() => void fastForwardQueue(cluster, item.id).catch(() => undefined), 500);
    const converged = await waitForConvergence(cluster, [item.plaidItemId], 90_000).finally(() => clearInterval(fastForward));
    const parked = await cluster.sql<{ id: number; attempts: number }[]>`
      select id, attempts from jobs where kind = 'sync-transactions' and key = ${item.id} and state = 'failed'`;
    if (!converged.converged) result.failures.push(`did not converge within ${converged.waitedMs} ms`);
    result.rows = converged.rows;
    result.lost = converged.lost;
    result.duplicates = converged.duplicates;
    const stored = await storedCursor(cluster, item.id);
    const finalCursor = await emulatorFinalCursor(cluster, item.accessToken);
    const cursorMatches = stored === finalCursor;
    if (!cursorMatches) result.failures.push(`stored cursor ${stored ?? "null"} is not the emulator's final ${finalCursor}`);

    const { deliveries } = await emulatorJson<{ deliveries: { attempts: { status: number | null }[] }[] }>(cluster, `/__emulator/webhooks/deliveries?item_id=${item.plaidItemId}`);
    const attempts = deliveries.flatMap((delivery) => delivery.attempts);
    result.sent = deliveries.length;
    result.accepted = attempts.filter((attempt) => attempt.status === 200).length;
    result.rejected = attempts.length - result.accepted;
    const runs = cluster.recorder.runs((call) => call.accessToken === item.accessToken && call.startedAt >= started);
    result.overlappingSyncs = overlappingRuns(runs).length;
    const hit = duringFirstSync + duringLaterSync;
    result.notes.push(
      `kills ${kills}: ${duringFirstSync} during the 10k first sync, ${duringLaterSync} during later syncs, ${kills - hit} after the sync had ended`,
      `sync runs ${runs.length} (${runs.filter((run) => run.complete).length} reached the end)`,
      `expected rows ${converged.expected}`,
      `sync jobs parked after ${parked.map((job) => job.attempts).join("/") || "no"} lost-worker attempts: ${parked.length}`,
      `cursor ${cursorMatches ? "= emulator's final" : "DIFFERENT"}`,
    );
    if (duringFirstSync < KILLS / 2) result.failures.push(`only ${duringFirstSync} of ${kills} kills hit the 10k sync`);
    checkCommon(result, converged.examples);
  });
}
