import { describe, expect, it } from "vitest";
import type { Queryable } from "@/db/client";
import { answerMetricsRequest, type MetricsEndpointDeps } from "./metrics-endpoint";
import { metrics } from "./metrics";
import { countPlaidError, countSignInFailure, measureSync, observeJob, observeWebhook } from "./record-metrics";

const TOKEN = "scrape-token-0123456789abcdef";

/** A database that answers the queue snapshot with fixed numbers (or fails). */
function fakeDb(row: Record<string, unknown> | Error): () => Promise<Queryable> {
  return async () =>
    ({
      execute: async () => {
        if (row instanceof Error) throw row;
        return [row];
      },
    }) as unknown as Queryable;
}

const deps = (overrides: Partial<MetricsEndpointDeps> = {}): MetricsEndpointDeps => ({
  token: TOKEN,
  getDb: fakeDb({ ready: "3", scheduled: "1", running: "2", oldest_ready_seconds: "42.5", live_workers: "2", live_jobs_running: "2", newest_beat_seconds: "1.2" }),
  staleSeconds: 60,
  ...overrides,
});

describe("GET /api/metrics (and a worker's --metrics-port)", () => {
  it("answers 404 while METRICS_TOKEN is unset, whatever the caller sends", async () => {
    const response = await answerMetricsRequest(`Bearer ${TOKEN}`, deps({ token: undefined }));
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain("ledgerlink_");
  });

  it("answers 401 without the bearer token, and says nothing else", async () => {
    for (const header of [null, "Bearer wrong-token-0123456789abc", TOKEN]) {
      const response = await answerMetricsRequest(header, deps());
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("ledgerlink_");
    }
  });

  it("serves Prometheus text with every metric the issue names, the queue read from the database at scrape time", async () => {
    observeWebhook("queued", null, performance.now() - 12);
    observeWebhook("rejected", "bad_signature", performance.now());
    observeJob("sync-transactions", "succeeded", 2);
    await measureSync(async () => ({ status: "synced", added: 500, modified: 3, removed: 1 }));
    countPlaidError("/transactions/sync", "ITEM_LOGIN_REQUIRED");
    countSignInFailure("invalid_credentials");

    const response = await answerMetricsRequest(`Bearer ${TOKEN}`, deps());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^ledgerlink_webhooks_total\{outcome="queued",reason=""\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_webhooks_total\{outcome="rejected",reason="bad_signature"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_webhook_intake_seconds_bucket\{le="0\.025",outcome="queued"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_jobs_total\{kind="sync-transactions",outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_job_attempts_bucket\{le="2",kind="sync-transactions",outcome="succeeded"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_sync_duration_seconds_count\{status="synced"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_sync_rows_total\{change="added"\} (\d+)/m);
    expect(text).toMatch(/^ledgerlink_plaid_errors_total\{endpoint="\/transactions\/sync",code="ITEM_LOGIN_REQUIRED"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_sign_in_failures_total\{reason="invalid_credentials"\} [1-9]/m);
    expect(text).toMatch(/^ledgerlink_queue_depth\{state="ready"\} 3$/m);
    expect(text).toMatch(/^ledgerlink_queue_depth\{state="scheduled"\} 1$/m);
    expect(text).toMatch(/^ledgerlink_queue_depth\{state="running"\} 2$/m);
    expect(text).toMatch(/^ledgerlink_queue_oldest_ready_seconds 42\.5$/m);
    expect(text).toMatch(/^ledgerlink_workers_live 2$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it("drops the queue gauges rather than serve stale ones when the database does not answer", async () => {
    await answerMetricsRequest(`Bearer ${TOKEN}`, deps());
    const errors: unknown[] = [];
    const response = await answerMetricsRequest(`Bearer ${TOKEN}`, deps({ getDb: fakeDb(new Error("connection refused")), onError: (error) => errors.push(error) }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toMatch(/^ledgerlink_queue_depth\{/m);
    expect(text).toMatch(/^ledgerlink_webhooks_total/m);
    expect(errors).toHaveLength(1);
  });

  it("records a sync that throws as status error, and rethrows", async () => {
    const before = (await metrics().syncDuration.get()).values.find((value) => value.metricName === "ledgerlink_sync_duration_seconds_count" && value.labels.status === "error")?.value ?? 0;
    await expect(measureSync(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    const after = (await metrics().syncDuration.get()).values.find((value) => value.metricName === "ledgerlink_sync_duration_seconds_count" && value.labels.status === "error")?.value;
    expect(after).toBe(before + 1);
  });
});
