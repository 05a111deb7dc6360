import { describe, expect, it } from "vitest";
import { checkWorkerPool } from "./check-worker-pool";

const postgres = (poolSize: number) => ({ driver: "postgres" as const, poolSize });

describe("worker concurrency against the connection pool", () => {
  it("starts quietly when every loop has a connection for its job and one for its heartbeat, plus one to spare", () => {
    expect(checkWorkerPool(postgres(10), 2)).toEqual({ level: "ok" });
    expect(checkWorkerPool(postgres(10), 4)).toEqual({ level: "ok" });
  });

  it("warns when loops would share connections with their own heartbeats", () => {
    const check = checkWorkerPool(postgres(10), 5);
    expect(check.level).toBe("warn");
    expect(check).toMatchObject({ message: expect.stringContaining("11 connections recommended") });
  });

  it("refuses a concurrency as large as the pool, naming both numbers and the way out", () => {
    const check = checkWorkerPool(postgres(10), 10);
    expect(check).toEqual({
      level: "error",
      message: expect.stringMatching(/concurrency 10 .* DATABASE_POOL_SIZE is 10: lower --concurrency or raise DATABASE_POOL_SIZE/),
    });
    expect(checkWorkerPool(postgres(4), 12).level).toBe("error");
  });

  it("never objects on PGlite, whose one connection queues every query", () => {
    expect(checkWorkerPool({ driver: "pglite", poolSize: 1 }, 2)).toEqual({ level: "ok" });
  });
});
