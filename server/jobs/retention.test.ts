import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { DEFAULT_RETENTION, retentionPolicyFromEnv } from "./retention";

// Secrets given so parseEnv does not generate development ones on disk.
const base = { AUTH_SECRET: "a".repeat(32), TOKEN_ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" };

describe("retention windows from the environment", () => {
  it("keeps succeeded jobs 14 days, failed jobs and webhook events 30 days by default", () => {
    expect(retentionPolicyFromEnv(parseEnv(base))).toEqual(DEFAULT_RETENTION);
    expect(DEFAULT_RETENTION).toEqual({ succeededJobsDays: 14, failedJobsDays: 30, webhookEventsDays: 30 });
  });

  it("takes JOB_RETENTION_DAYS, FAILED_JOB_RETENTION_DAYS and WEBHOOK_EVENT_RETENTION_DAYS", () => {
    const env = parseEnv({ ...base, JOB_RETENTION_DAYS: "7", FAILED_JOB_RETENTION_DAYS: "90", WEBHOOK_EVENT_RETENTION_DAYS: "3" });
    expect(retentionPolicyFromEnv(env)).toEqual({ succeededJobsDays: 7, failedJobsDays: 90, webhookEventsDays: 3 });
  });

  it("refuses a window that is not a whole number of days, at least one", () => {
    expect(() => parseEnv({ ...base, JOB_RETENTION_DAYS: "0" })).toThrow(/JOB_RETENTION_DAYS/);
    expect(() => parseEnv({ ...base, WEBHOOK_EVENT_RETENTION_DAYS: "two" })).toThrow(/WEBHOOK_EVENT_RETENTION_DAYS/);
  });

  it("sizes the PostgreSQL pool from DATABASE_POOL_SIZE, 10 by default", () => {
    expect(parseEnv(base).DATABASE_POOL_SIZE).toBe(10);
    expect(parseEnv({ ...base, DATABASE_POOL_SIZE: "25" }).DATABASE_POOL_SIZE).toBe(25);
    expect(() => parseEnv({ ...base, DATABASE_POOL_SIZE: "1" })).toThrow(/DATABASE_POOL_SIZE/);
  });
});
