import type { Cluster } from "../cluster";
import type { SignBody } from "../emulator-webhook-signer";
import { recordedFetch } from "../http-record";
import { overlappingRuns } from "../plaid-recorder";
import { checkCommon, runScenario } from "../summary";
import { emulatorJson, waitForConvergence, type ConnectedItem } from "../truth";

const DELIVERIES = 200;
const CONCURRENCY = 50;

/** The body Plaid sends when an item has new transactions, pretty-printed as Plaid does. */
export function syncUpdatesBody(plaidItemId: string): string {
  return JSON.stringify(
    { environment: "sandbox", webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: plaidItemId, initial_update_complete: true, historical_update_complete: true },
    null,
    2,
  );
}

export async function sendSignedWebhooks(cluster: Cluster, sign: SignBody, bodies: string[], concurrency: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
        try {
          const answer = await recordedFetch(`${cluster.front.url}/api/plaid/webhook`, {
            method: "POST",
            headers: { "content-type": "application/json", "plaid-verification": await sign(body) },
            body,
          });
          statuses.push(answer.status);
        } catch {
          statuses.push(0);
        }
      }
    }),
  );
  return statuses;
}

/**
 * 200 deliveries of 10 distinct SYNC_UPDATES_AVAILABLE bodies (one per item, each item with new
 * transactions the app has not seen), 50 at a time, alternating between the two apps: every item
 * ends equal to the emulator, no item is synced by two workers at once, and no item is synced more
 * often than the deliveries that were recorded as new work (the rest coalesce as duplicates).
 */
export function duplicateStorm(cluster: Cluster, sign: SignBody, items: ConnectedItem[]) {
  return runScenario("duplicate storm", async (result) => {
    // New data at the bank with no webhook of its own: only the storm tells the app about it.
    for (const item of items) await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1, webhook: false });
    const stormStarted = new Date();
    const bodies = Array.from({ length: DELIVERIES }, (_, index) => syncUpdatesBody(items[index % items.length]?.plaidItemId ?? "")).sort(() => Math.random() - 0.5);
    const statuses = await sendSignedWebhooks(cluster, sign, bodies, CONCURRENCY);
    result.sent = statuses.length;
    result.accepted = statuses.filter((status) => status === 200).length;
    result.rejected = result.sent - result.accepted;
    if (result.rejected > 0) result.failures.push(`${result.rejected} deliveries not answered 200 (${[...new Set(statuses)].join(", ")})`);

    const converged = await waitForConvergence(cluster, items.map((item) => item.plaidItemId), 60_000);
    if (!converged.converged) result.failures.push(`did not converge within ${converged.waitedMs} ms`);
    result.rows = converged.rows;
    result.lost = converged.lost;
    result.duplicates = converged.duplicates;

    const tokens = new Set(items.map((item) => item.accessToken));
    const runs = cluster.recorder.runs((call) => tokens.has(call.accessToken) && call.startedAt >= stormStarted.getTime());
    result.overlappingSyncs = overlappingRuns(cluster.recorder.runs((call) => tokens.has(call.accessToken))).length;
    const events = await cluster.sql<{ plaid_item_id: string; outcome: string; n: number }[]>`
      select plaid_item_id, outcome::text, count(*)::int as n from plaid_webhook_events where received_at >= ${stormStarted} group by 1, 2`;
    const recorded = events.reduce((sum, row) => sum + row.n, 0);
    const queued = new Map(events.filter((row) => row.outcome === "queued").map((row) => [row.plaid_item_id, row.n]));
    const jobRows = await cluster.sql<{ key: string; n: number }[]>`
      select key, count(*)::int as n from jobs where kind = 'sync-transactions' and created_at >= ${stormStarted} group by key`;
    const jobsPerItem = new Map(jobRows.map((row) => [row.key, row.n]));
    if (recorded !== result.accepted) result.failures.push(`${result.accepted} deliveries accepted but ${recorded} recorded`);
    // A sync job runs one sync (no faults here): more syncs than jobs would be work nobody asked for.
    const perItem = items.map((item) => ({ item, syncs: runs.filter((run) => run.accessToken === item.accessToken && run.complete).length, jobs: jobsPerItem.get(item.id) ?? 0 }));
    for (const { item, syncs, jobs } of perItem) {
      if (syncs < 1) result.failures.push(`item ${item.plaidItemId} was never synced after the storm`);
      if (syncs > jobs) result.failures.push(`item ${item.plaidItemId} synced ${syncs} times for ${jobs} sync jobs`);
    }
    const syncCounts = perItem.map((entry) => entry.syncs);
    const totalQueued = [...queued.values()].reduce((a, b) => a + b, 0);
    result.notes.push(
      `recorded ${recorded} (${totalQueued} as new work, ${recorded - totalQueued} coalesced)`,
      `sync jobs ${perItem.reduce((sum, entry) => sum + entry.jobs, 0)}`,
      `syncs per item ${Math.min(...syncCounts)}–${Math.max(...syncCounts)}`,
      `front split ${cluster.front.counts().join("/")}`,
    );
    checkCommon(result, converged.examples);
  });
}
