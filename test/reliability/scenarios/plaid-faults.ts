import type { Cluster } from "../cluster";
import { overlappingRuns, type FaultKind } from "../plaid-recorder";
import { checkCommon, runScenario } from "../summary";
import { emulatorJson, PLAID_JOB_KINDS, sleep, waitForConvergence, type ConnectedItem } from "../truth";

const KINDS: FaultKind[] = ["http500", "timeout", "rate_limit", "mutation_during_pagination", "drop"];

/**
 * One Plaid call in five from the workers fails (500, a 31 s hang past the client's 30 s timeout,
 * 429 TRANSACTIONS_SYNC_LIMIT, TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION, a dropped connection)
 * while the bank keeps changing: every item converges, retried jobs show growing delays, and no
 * job is parked as failed unless another job carried its work on.
 */
export function plaidFaults(cluster: Cluster, items: ConnectedItem[]) {
  return runScenario("Plaid faults", async (result) => {
    const started = new Date();
    const logStart = Date.now();
    cluster.recorder.setFaults({ rate: 0.2, kinds: KINDS, sources: (source) => source.startsWith("worker-"), maxTimeouts: 1 });
    let deliveriesBefore = 0;
    try {
      deliveriesBefore = (await emulatorJson<{ deliveries: unknown[] }>(cluster, "/__emulator/webhooks/deliveries")).deliveries.length;
      for (let round = 0; round < 3; round++) {
        for (const item of items) {
          await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/advance`, { steps: 1 });
          // ITEM/LOGIN_REPAIRED queues a refresh-item job (/item/get), which has no retry loop of its own: its
          // failures go straight to the job's backoff.
          await emulatorJson(cluster, `/__emulator/items/${item.plaidItemId}/webhook`, { webhook_type: "ITEM", webhook_code: "LOGIN_REPAIRED" });
        }
        await sleep(1_500);
      }
      const converged = await waitForConvergence(cluster, items.map((item) => item.plaidItemId), 180_000);
      if (!converged.converged) result.failures.push(`did not converge within ${converged.waitedMs} ms`);
      result.rows = converged.rows;
      result.lost = converged.lost;
      result.duplicates = converged.duplicates;
      checkCommon(result, converged.examples);
    } finally {
      cluster.recorder.setFaults(null);
    }
    const { deliveries } = await emulatorJson<{ deliveries: { attempts: { status: number | null }[] }[] }>(cluster, "/__emulator/webhooks/deliveries");
    const attempts = deliveries.slice(deliveriesBefore).flatMap((delivery) => delivery.attempts);
    result.sent = deliveries.length - deliveriesBefore;
    result.accepted = attempts.filter((attempt) => attempt.status === 200).length;
    result.rejected = attempts.length - result.accepted;

    const jobs = await cluster.sql<{ id: number; state: string; attempts: number; last_error: string | null }[]>`
      select id, state::text, attempts, last_error from jobs where created_at >= ${started} and kind in ${cluster.sql(PLAID_JOB_KINDS)}`;
    const parked = jobs.filter((job) => job.state === "failed" && !/continued as job|superseded by a queued job/.test(job.last_error ?? ""));
    for (const job of parked) result.failures.push(`job ${job.id} parked as failed after ${job.attempts} attempts: ${job.last_error ?? ""}`);
    const retried = jobs.filter((job) => job.attempts > 1).length;
    const delays = cluster.everyProcess
      .filter((process) => process.name.startsWith("worker-"))
      .flatMap((process) => process.lines())
      .filter((line) => line.at >= logStart && line.text.includes("job will be retried"))
      .map((line) => JSON.parse(line.text) as { attempts: number; delayMs: number });
    const injected = [...cluster.recorder.injected.entries()].map(([kind, count]) => `${kind} ${count}`).join(", ");
    const byAttempt = new Map<number, number[]>();
    for (const delay of delays) byAttempt.set(delay.attempts, [...(byAttempt.get(delay.attempts) ?? []), delay.delayMs]);
    const backoff = [...byAttempt.entries()].sort(([a], [b]) => a - b).map(([attempt, list]) => `#${attempt} ${Math.min(...list)}–${Math.max(...list)} ms`).join(", ");
    if (cluster.recorder.injected.size === 0) result.failures.push("no fault was injected");
    if (delays.length === 0) result.failures.push("no job was retried: backoff not exercised");
    const tokens = new Set(items.map((item) => item.accessToken));
    result.overlappingSyncs = overlappingRuns(cluster.recorder.runs((call) => tokens.has(call.accessToken) && call.startedAt >= started.getTime())).length;
    const absorbed = cluster.recorder.calls.filter((call) => call.failed && call.startedAt >= started.getTime() && tokens.has(call.accessToken)).length;
    result.notes.push(`faults injected: ${injected}`, `${absorbed} failed sync pages retried inside the sync`, `jobs ${jobs.length} (${retried} retried, ${parked.length} parked)`, `retry delays ${backoff || "none"}`);
    if (result.overlappingSyncs > 0 && !result.failures.some((failure) => failure.includes("overlapping"))) result.failures.push(`${result.overlappingSyncs} overlapping syncs of one item`);
  });
}
