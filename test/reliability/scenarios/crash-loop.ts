import type { Cluster } from "../cluster";
import { overlappingRuns } from "../plaid-recorder";
import { checkCommon, runScenario } from "../summary";
import { emulatorFinalCursor, emulatorJson, sleep, waitForConvergence, type ConnectedItem } from "../truth";

const KILLS = 20;

async function runningSyncJob(cluster: Cluster, itemId: string): Promise<{ lockedBy: string } | null> {
  const [row] = await cluster.sql<{ locked_by: string }[]>`
    select locked_by from jobs where kind = 'sync-transactions' and key = ${itemId} and state = 'running' and locked_by is not null limit 1`;
  return row ? { lockedBy: row.locked_by } : null;
}

/**
 * A 10,000-transaction item (user_transactions_10k) whose sync is SIGKILLed at a random moment 20
 * times, the killed worker restarted each time, with bank activity (posted pendings, modifications,
 * removals) between kills: afterwards the database equals the emulator row for row and the stored
 * cursor is the one a full sync from "" ends with.
 */
export function crashLoop(cluster: Cluster, item: ConnectedItem) {
  return runScenario("crash loop", async (result) => {
    const started = Date.now();
    let kills = 0;
    let killedDuringSync = 0;
    for (let round = 0; round < KILLS; round++) {
      // Wait for the item's sync to be running; give the bank something new if nothing is due.
      let job = await runningSyncJob(cluster, item.id);
      const waitStarted = Date.now();
      let nudged = false;
      while (!job && Date.now() - waitStarted < 15_000) {
        if (!nudged && Date.now() - waitStarted > 1_500) {
          await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1 + Math.floor(Math.random() * 3) });
          nudged = true;
        }
        await sleep(25);
        job = await runningSyncJob(cluster, item.id);
      }
      await sleep(Math.random() * 2_500);
      job = await runningSyncJob(cluster, item.id);
      const holder = job ? cluster.workers.findIndex((worker) => job.lockedBy.includes(`:${worker.pid}:`)) : -1;
      const victim = holder >= 0 ? holder : Math.floor(Math.random() * cluster.workers.length);
      if (holder >= 0) killedDuringSync += 1;
      await cluster.killWorker(victim);
      kills += 1;
      if (Math.random() < 0.5) await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1 + Math.floor(Math.random() * 2) });
    }

    const converged = await waitForConvergence(cluster, [item.plaidItemId], 90_000);
    if (!converged.converged) result.failures.push(`did not converge within ${converged.waitedMs} ms`);
    result.rows = converged.rows;
    result.lost = converged.lost;
    result.duplicates = converged.duplicates;
    const [stored] = await cluster.sql<{ transactions_cursor: string | null }[]>`select transactions_cursor from plaid_items where id = ${item.id}`;
    const finalCursor = await emulatorFinalCursor(cluster, item.accessToken);
    const cursorMatches = stored?.transactions_cursor === finalCursor;
    if (!cursorMatches) result.failures.push(`stored cursor ${stored?.transactions_cursor ?? "null"} is not the emulator's final ${finalCursor}`);

    const { deliveries } = await emulatorJson<{ deliveries: { attempts: { status: number | null }[] }[] }>(cluster, `/__emulator/webhooks/deliveries?item_id=${item.plaidItemId}`);
    const attempts = deliveries.flatMap((delivery) => delivery.attempts);
    result.sent = deliveries.length;
    result.accepted = attempts.filter((attempt) => attempt.status === 200).length;
    result.rejected = attempts.length - result.accepted;
    const runs = cluster.recorder.runs((call) => call.accessToken === item.accessToken && call.startedAt >= started);
    result.overlappingSyncs = overlappingRuns(runs).length;
    result.notes.push(
      `kills ${kills} (${killedDuringSync} while its worker held the sync)`,
      `sync runs ${runs.length} (${runs.filter((run) => run.complete).length} reached the end)`,
      `expected rows ${converged.expected}`,
      `cursor ${cursorMatches ? "= emulator's final" : "DIFFERENT"}`,
    );
    if (killedDuringSync < KILLS / 2) result.failures.push(`only ${killedDuringSync} of ${kills} kills hit a running sync`);
    checkCommon(result, converged.examples);
  });
}
