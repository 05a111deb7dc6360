import { describe, expect, it } from "vitest";
import { callPlaid } from "./call-plaid";
import { PlaidRequestError } from "./errors";
import { PLAID_BUSY_FAILURE, PlaidCallBudget, replacePlaidCallBudget } from "./plaid-call-budget";

/** Time moves only when the budget sleeps (or the test says so). */
function fakeClock() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    slept,
  };
}

describe("the process's Plaid call budget", () => {
  it("lets a burst of `capacity` calls through at once, then one per refill interval", async () => {
    const clock = fakeClock();
    const budget = new PlaidCallBudget({ capacity: 3, refillPerSecond: 10, maxWaitMs: 1_000 }, clock);
    for (let call = 0; call < 3; call++) expect(await budget.take()).toBe(true);
    expect(clock.slept).toEqual([]);
    expect(await budget.take()).toBe(true);
    expect(clock.slept).toEqual([100]);
  });

  it("refuses a call that would wait longer than maxWaitMs, and recovers as tokens come back", async () => {
    const clock = fakeClock();
    const budget = new PlaidCallBudget({ capacity: 1, refillPerSecond: 1, maxWaitMs: 500 }, clock);
    expect(await budget.take()).toBe(true);
    expect(await budget.take()).toBe(false);
    expect(clock.slept).toEqual([]);
    clock.advance(1_000);
    expect(await budget.take()).toBe(true);
  });

  it("callPlaid fails a refused call as a retryable, readable 'busy' without sending it", async () => {
    const restore = replacePlaidCallBudget(new PlaidCallBudget({ capacity: 0, refillPerSecond: 0.001, maxWaitMs: 10 }, fakeClock()));
    let sent = 0;
    try {
      const error = await callPlaid("/item/get", async () => {
        sent++;
        return { data: {} };
      }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PlaidRequestError);
      expect((error as PlaidRequestError).failure).toEqual(PLAID_BUSY_FAILURE);
      expect(PLAID_BUSY_FAILURE).toMatchObject({ kind: "rate_limited", retryable: true });
    } finally {
      restore();
    }
    expect(sent).toBe(0);
  });
});
