import { randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { plaidItems, rateLimits } from "@/db/schema";
import { PLAID_BUSY_FAILURE, PlaidCallBudget, replacePlaidCallBudget } from "@/server/plaid/plaid-call-budget";
import { createPlaidHarness, FIRST_PLATYPUS, type PlaidHarness } from "@/server/plaid/testing/plaid-harness";
import { PLAID_PROCEDURE_LIMITS } from "./per-user-limit";

const metadata = { institution: { institution_id: FIRST_PLATYPUS.id, name: FIRST_PLATYPUS.name }, accounts: [] };

const failure = async (promise: Promise<unknown>): Promise<TRPCError> => {
  const error = await promise.then(
    () => new Error("expected the call to fail"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
};

describe("limits on procedures that call Plaid", { timeout: 120_000 }, () => {
  let h: PlaidHarness;
  beforeAll(async () => {
    h = await createPlaidHarness();
  }, 120_000);
  afterAll(() => h.close(), 60_000);
  beforeEach(async () => {
    await h.handle.db.delete(rateLimits);
  });

  const rateLimitKeys = async () => (await h.handle.db.select({ key: rateLimits.key }).from(rateLimits)).map((row) => row.key).sort();

  it("random item ids create no rate-limit rows: each procedure keeps one counter per user", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const randomIds = Array.from({ length: 4 }, () => randomUUID());
    const calls: [string, (itemId: string) => Promise<unknown>][] = [
      ["sync-now", (itemId) => api.sync.syncNow({ itemId })],
      ["complete-update", (itemId) => api.plaid.completeUpdate({ itemId })],
      ["link-token", (itemId) => api.plaid.createLinkToken({ itemId })],
      ["balance-refresh", (itemId) => api.accounts.refreshBalances({ itemId })],
      ["identity", (itemId) => api.identity.get({ itemId })],
      ["item-remove", (itemId) => api.items.remove({ itemId, keepData: false })],
    ];
    for (const [, call] of calls) {
      for (const itemId of randomIds) expect((await failure(call(itemId))).code).toBe("NOT_FOUND");
    }
    const keys = await rateLimitKeys();
    expect(keys).toEqual(calls.map(([name]) => `${name}:${user.id}`).sort());
    for (const itemId of randomIds) expect(keys.join(" ")).not.toContain(itemId);
  });

  it("the exchange past the per-user limit answers TOO_MANY_REQUESTS with a readable message, and connects nothing", async () => {
    const user = await h.createUser();
    const api = h.caller(user);
    const { limit } = PLAID_PROCEDURE_LIMITS.exchange;
    // Each attempt counts, whatever it ends in (here: an expired public token).
    for (let attempt = 0; attempt < limit; attempt++) {
      expect((await failure(api.plaid.exchangePublicToken({ publicToken: `public-sandbox-${randomUUID()}`, metadata }))).code).toBe("BAD_REQUEST");
    }
    const refused = await failure(api.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata }));
    expect(refused.code).toBe("TOO_MANY_REQUESTS");
    expect(refused.message).toMatch(/^Too many banks connected in a short time\. Try again in \d+ seconds\.$/);
    expect(await h.handle.db.select().from(plaidItems).where(eq(plaidItems.userId, user.id))).toEqual([]);
    // Another user is not affected.
    const other = h.caller(await h.createUser());
    expect(await other.plaid.exchangePublicToken({ publicToken: await h.publicToken(), metadata })).toMatchObject({ status: "connected" });
  });

  it("complete update past the per-user limit answers TOO_MANY_REQUESTS", async () => {
    const api = h.caller(await h.createUser());
    for (let attempt = 0; attempt < PLAID_PROCEDURE_LIMITS["complete-update"].limit; attempt++) {
      expect((await failure(api.plaid.completeUpdate({ itemId: randomUUID() }))).code).toBe("NOT_FOUND");
    }
    const refused = await failure(api.plaid.completeUpdate({ itemId: randomUUID() }));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: expect.stringMatching(/Try again in \d+ seconds/) });
  });

  it("when the process's Plaid call budget is spent, a procedure answers TOO_MANY_REQUESTS saying the app is busy, without calling Plaid", async () => {
    const api = h.caller(await h.createUser());
    const restore = replacePlaidCallBudget(new PlaidCallBudget({ capacity: 0, refillPerSecond: 0.001, maxWaitMs: 50 }));
    try {
      const refused = await failure(api.plaid.createLinkToken());
      expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", message: PLAID_BUSY_FAILURE.message });
    } finally {
      restore();
    }
    await expect(api.plaid.createLinkToken()).resolves.toMatchObject({ linkToken: expect.any(String) });
  });
});
