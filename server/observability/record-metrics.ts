import type { WebhookOutcome } from "@/db/schema";
import { metrics } from "./metrics";

/** What became of one webhook delivery: the recorded outcomes (queued, duplicate, ignored) plus the two refusals. */
export type WebhookIntakeOutcome = WebhookOutcome | "rejected" | "unavailable";

/** Counts a webhook delivery and how long its answer took, measured from `startedAt` (performance.now()). */
export function observeWebhook(outcome: WebhookIntakeOutcome, reason: string | null, startedAt: number): void {
  const m = metrics();
  m.webhooks.inc({ outcome, reason: reason ?? "" });
  m.webhookIntake.observe({ outcome }, (performance.now() - startedAt) / 1000);
}

export type JobMetricOutcome = "succeeded" | "retried" | "failed" | "deferred" | "released";

/** A job leaving a worker; `attempts` is the attempt it was on (finished jobs only feed the histogram). */
export function observeJob(kind: string, outcome: JobMetricOutcome, attempts: number): void {
  const m = metrics();
  m.jobs.inc({ kind, outcome });
  if (outcome === "succeeded" || outcome === "failed") m.jobAttempts.observe({ kind, outcome }, attempts);
}

interface SyncResultLike {
  status: string;
  added?: number;
  modified?: number;
  removed?: number;
}

/** Runs one sync and records its duration by result (`error` when it threw) and the rows it wrote. */
export async function measureSync<T extends SyncResultLike>(run: () => Promise<T>): Promise<T> {
  const m = metrics();
  const startedAt = performance.now();
  const seconds = () => (performance.now() - startedAt) / 1000;
  try {
    const outcome = await run();
    m.syncDuration.observe({ status: outcome.status }, seconds());
    for (const change of ["added", "modified", "removed"] as const) {
      const rows = outcome[change];
      if (rows) m.syncRows.inc({ change }, rows);
    }
    return outcome;
  } catch (error) {
    m.syncDuration.observe({ status: "error" }, seconds());
    throw error;
  }
}

/** A failed Plaid call; `code` is Plaid's error_code, null when Plaid never answered. */
export function countPlaidError(endpoint: string, code: string | null): void {
  metrics().plaidErrors.inc({ endpoint, code: code ?? "none" });
}

export function countSignInFailure(reason: "invalid_credentials" | "rate_limited"): void {
  metrics().signInFailures.inc({ reason });
}
