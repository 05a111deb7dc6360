import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/test-database";
import { admitInWindow, countInWindow, hitRateLimit, peekWindow, releaseAdmission } from "./rate-limit";

describe("fixed-window rate limits in the database", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(() => handle.close());

  const start = new Date("2030-03-01T12:00:00Z");
  const at = (ms: number) => new Date(start.getTime() + ms);

  it("allows `limit` hits per window, then answers the seconds until the window ends", async () => {
    const rule = { limit: 3, windowMs: 60_000 };
    for (let hit = 0; hit < rule.limit; hit++) expect(await hitRateLimit(handle.db, "test:hits", rule, at(hit * 1000))).toEqual({ allowed: true });
    expect(await hitRateLimit(handle.db, "test:hits", rule, at(15_000))).toEqual({ allowed: false, retryAfterSeconds: 45 });
    // A new window starts once the old one ended, counting from one again.
    expect(await hitRateLimit(handle.db, "test:hits", rule, at(60_000))).toEqual({ allowed: true });
  });

  it("peeks at a window without adding to it, and reads an ended window as empty", async () => {
    await countInWindow(handle.db, "test:peek", 60_000, start);
    await countInWindow(handle.db, "test:peek", 60_000, at(1000));
    expect(await peekWindow(handle.db, "test:peek", 60_000, at(2000))).toEqual({ count: 2, resetsAt: at(60_000).getTime() });
    expect(await peekWindow(handle.db, "test:peek", 60_000, at(2000))).toMatchObject({ count: 2 });
    expect(await peekWindow(handle.db, "test:peek", 60_000, at(60_000))).toMatchObject({ count: 0 });
    expect(await peekWindow(handle.db, "test:missing", 60_000, start)).toMatchObject({ count: 0 });
  });

  it("counts concurrent hits exactly", async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => countInWindow(handle.db, "test:race", 60_000, start)));
    expect(counts.map((row) => row.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it("500 concurrent attempts against an address's limit of 50 admit exactly 50, and the refused ones are not counted", async () => {
    const rule = { limit: 50, windowMs: 15 * 60_000 };
    const results = await Promise.all(Array.from({ length: 500 }, () => admitInWindow(handle.db, "test:concurrent", rule, start)));
    expect(results.filter((result) => result.allowed)).toHaveLength(50);
    expect(results.filter((result) => !result.allowed)).toHaveLength(450);
    expect(results.find((result) => !result.allowed)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(await peekWindow(handle.db, "test:concurrent", rule.windowMs, start)).toMatchObject({ count: 50 });
    // The window rolls over inside the same statement: the first attempt after it is admitted.
    expect(await admitInWindow(handle.db, "test:concurrent", rule, at(rule.windowMs))).toEqual({ allowed: true });
    expect(await peekWindow(handle.db, "test:concurrent", rule.windowMs, at(rule.windowMs))).toMatchObject({ count: 1 });
  });

  it("gives an admission back, so a rule can count only failures", async () => {
    const rule = { limit: 1, windowMs: 60_000 };
    expect(await admitInWindow(handle.db, "test:release", rule, start)).toEqual({ allowed: true });
    expect(await admitInWindow(handle.db, "test:release", rule, start)).toMatchObject({ allowed: false });
    await releaseAdmission(handle.db, "test:release");
    expect(await admitInWindow(handle.db, "test:release", rule, start)).toEqual({ allowed: true });
  });
});
