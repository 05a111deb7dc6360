import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, users } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { ACCESS_TOKEN_UNREADABLE_MESSAGE } from "@/server/plaid/decrypt-item-token";
import { emulatorPlaidDeps } from "@/server/plaid/testing/emulator-plaid-deps";
import { createTestDatabase } from "@/test/test-database";
import { createTrpcHttpKit, type TrpcHttpKit } from "./testing/trpc-http-kit";
import { INTERNAL_ERROR_MESSAGE } from "./trpc";

// Words that would show the query or its parameters got out.
const SECRET_SEARCH = "needle-4111-1111";
const LEAKS = [/select/i, /failed query/i, /params/i, /plaid_transactions/i, new RegExp(SECRET_SEARCH), /stack/i];

interface ErrorBody {
  error: { json: { message: string; code: number; data: Record<string, unknown> } };
}

describe("the tRPC endpoint's errors", () => {
  let handle: DatabaseHandle;
  let user: { id: string; email: string };
  let api: TrpcHttpKit;

  beforeAll(async () => {
    handle = await createTestDatabase();
    user = { id: randomUUID(), email: "errors@example.test" };
    await handle.db.insert(users).values(user);
    // An unreachable Plaid: these tests never get as far as calling it.
    const { deps } = emulatorPlaidDeps({ emulatorUrl: "http://127.0.0.1:9", logger: createLogger({ level: "silent" }) });
    api = createTrpcHttpKit({ db: handle.db, user, plaid: deps });
    // A database failure on demand: the table transactions.list reads is gone.
    await handle.execRaw("drop table plaid_transactions cascade");
  });
  afterAll(() => handle.close());

  async function expectNoLeak(response: Response, userId: string): Promise<ErrorBody> {
    const text = await response.text();
    for (const leak of [...LEAKS, new RegExp(userId)]) expect(text).not.toMatch(leak);
    return JSON.parse(text) as ErrorBody;
  }

  it("answers a database failure with a plain message: no SQL, no parameters, no stack", async () => {
    const response = await api.query("transactions.list", { limit: 10, search: SECRET_SEARCH });
    expect(response.status).toBe(500);
    const body = await expectNoLeak(response, user.id);
    expect(body.error.json.message).toBe(INTERNAL_ERROR_MESSAGE);
    expect(body.error.json.data).toEqual({ code: "INTERNAL_SERVER_ERROR", httpStatus: 500, path: "transactions.list", zodError: null });
  });

  it("logs the failure by class names and SQLSTATE, never the query or its parameters", async () => {
    api.logLines.length = 0;
    await api.query("transactions.list", { limit: 10, search: SECRET_SEARCH });
    expect(api.logLines).toHaveLength(1);
    const line = JSON.parse(api.logLines[0] ?? "{}") as Record<string, unknown>;
    // 42P01 = undefined_table, from the driver's error under Drizzle's.
    expect(line).toMatchObject({ level: 50, path: "transactions.list", error: "DrizzleQueryError", code: "42P01" });
    for (const leak of [...LEAKS, new RegExp(user.id)]) expect(api.logLines[0]).not.toMatch(leak);
  });

  it("answers the same way with NODE_ENV=production semantics (tRPC decides stacks at start-up)", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.resetModules();
    try {
      const { createTrpcHttpHandler } = await import("./trpc-http-handler");
      const production = createTrpcHttpKit({ db: handle.db, user, createHandler: createTrpcHttpHandler });
      const response = await production.query("transactions.list", { limit: 10, search: SECRET_SEARCH });
      expect(response.status).toBe(500);
      const body = await expectNoLeak(response, user.id);
      expect(body.error.json.message).toBe(INTERNAL_ERROR_MESSAGE);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });

  it("keeps deliberate messages: NOT_FOUND, and BAD_REQUEST with field errors", async () => {
    const missing = await api.mutate("sync.syncNow", { itemId: randomUUID() });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ErrorBody).error.json.message).toBe("Connection not found.");

    const malformed = await api.mutate("sync.syncNow", { itemId: "not-a-uuid" });
    expect(malformed.status).toBe(400);
    const { data } = ((await malformed.json()) as ErrorBody).error.json;
    expect(data.zodError).toMatchObject({ fieldErrors: { itemId: [expect.any(String)] } });
    expect(data).not.toHaveProperty("stack");
  });

  it("tells the user to reconnect when a stored token cannot be decrypted (412, not a hidden 500)", async () => {
    const [item] = await handle.db
      .insert(plaidItems)
      .values({ userId: user.id, plaidItemId: `item-${randomUUID()}`, accessTokenCiphertext: "v1.gone.AAAA.BBBB", accessTokenKeyId: "gone" })
      .returning({ id: plaidItems.id });
    // Update mode decrypts the token before calling Plaid.
    const response = await api.mutate("plaid.createLinkToken", { itemId: item?.id });
    expect(response.status).toBe(412);
    expect(((await response.json()) as ErrorBody).error.json).toMatchObject({
      message: ACCESS_TOKEN_UNREADABLE_MESSAGE,
      data: { code: "PRECONDITION_FAILED" },
    });
  });
});
