import type { PlaidFailure } from "./errors";

/**
 * A token bucket for every Plaid call this process makes: per-user limits bound one user, this
 * bounds all of them together (and the worker), so a crowd cannot push the app past Plaid's
 * client-wide rate limits. A call takes a token; an empty bucket makes the call wait briefly for
 * the next one, and past `maxWaitMs` the call fails as "busy, try again" without reaching Plaid.
 */
export interface PlaidCallBudgetOptions {
  /** Calls that may start at once after a quiet spell. */
  capacity: number;
  /** Sustained calls per second. */
  refillPerSecond: number;
  /** The longest a call waits for a token before failing as busy. */
  maxWaitMs: number;
}

export const DEFAULT_PLAID_CALL_BUDGET: PlaidCallBudgetOptions = { capacity: 50, refillPerSecond: 20, maxWaitMs: 2_000 };

export interface BudgetClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

const realClock: BudgetClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** What a call refused by the budget fails with: retryable, and worded for the person waiting. */
export const PLAID_BUSY_FAILURE: PlaidFailure = {
  kind: "rate_limited",
  code: "LEDGERLINK_PLAID_BUSY",
  type: null,
  httpStatus: null,
  requestId: null,
  message: "Ledgerlink is busy talking to Plaid right now. Try again in a few seconds.",
  retryable: true,
};

export class PlaidCallBudget {
  private tokens: number;
  private updatedAt: number;

  constructor(
    readonly options: PlaidCallBudgetOptions = DEFAULT_PLAID_CALL_BUDGET,
    private readonly clock: BudgetClock = realClock,
  ) {
    this.tokens = options.capacity;
    this.updatedAt = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.options.capacity, this.tokens + ((now - this.updatedAt) / 1000) * this.options.refillPerSecond);
    this.updatedAt = now;
  }

  /** Takes a token, waiting up to `maxWaitMs` for one; false when none came in time. */
  async take(): Promise<boolean> {
    const deadline = this.clock.now() + this.options.maxWaitMs;
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      const waitMs = Math.ceil(((1 - this.tokens) / this.options.refillPerSecond) * 1000);
      if (this.clock.now() + waitMs > deadline) return false;
      await this.clock.sleep(waitMs);
    }
  }
}

let processBudget = new PlaidCallBudget();

/** The budget every callPlaid() draws from in this process. */
export function plaidCallBudget(): PlaidCallBudget {
  return processBudget;
}

/** Tests swap in a small budget; answers a function that puts the previous one back. */
export function replacePlaidCallBudget(budget: PlaidCallBudget): () => void {
  const previous = processBudget;
  processBudget = budget;
  return () => {
    processBudget = previous;
  };
}
