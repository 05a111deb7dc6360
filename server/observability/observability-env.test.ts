import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";

const base = { AUTH_SECRET: "a".repeat(32), TOKEN_ENCRYPTION_KEYS: "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=" };

describe("observability settings in server/env.ts", () => {
  it("defaults: metrics off, workers stale after 60 s, 20 s of shutdown grace", () => {
    const env = parseEnv(base);
    expect(env.METRICS_TOKEN).toBeUndefined();
    expect(env).toMatchObject({ READY_WORKER_STALE_SECONDS: 60, WORKER_SHUTDOWN_GRACE_SECONDS: 20 });
  });

  it("treats an empty METRICS_TOKEN (compose passes one through) as unset, and refuses a short one", () => {
    expect(parseEnv({ ...base, METRICS_TOKEN: "" }).METRICS_TOKEN).toBeUndefined();
    expect(parseEnv({ ...base, METRICS_TOKEN: "m".repeat(16) }).METRICS_TOKEN).toBe("m".repeat(16));
    expect(() => parseEnv({ ...base, METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });

  it("reads the readiness window and the grace period as whole seconds", () => {
    expect(parseEnv({ ...base, READY_WORKER_STALE_SECONDS: "15", WORKER_SHUTDOWN_GRACE_SECONDS: "0" })).toMatchObject({ READY_WORKER_STALE_SECONDS: 15, WORKER_SHUTDOWN_GRACE_SECONDS: 0 });
    expect(() => parseEnv({ ...base, READY_WORKER_STALE_SECONDS: "1" })).toThrow(/READY_WORKER_STALE_SECONDS/);
    expect(() => parseEnv({ ...base, WORKER_SHUTDOWN_GRACE_SECONDS: "soon" })).toThrow(/WORKER_SHUTDOWN_GRACE_SECONDS/);
  });
});
