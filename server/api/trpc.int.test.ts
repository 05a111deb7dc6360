import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { createTestDatabase } from "@/test/test-database";
import { createCaller } from "./root";

describe("protectedProcedure", () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await createTestDatabase();
  });
  afterAll(async () => {
    await handle.close();
  });

  it("answers UNAUTHORIZED without a session", async () => {
    const caller = createCaller({ db: handle.db, session: null, headers: new Headers() });
    const error = await caller.viewer.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
  });

  it("passes the signed-in user through", async () => {
    const session = { user: { id: "user-1", email: "me@example.com" }, expires: new Date(Date.now() + 60_000).toISOString() };
    const caller = createCaller({ db: handle.db, session, headers: new Headers() });
    await expect(caller.viewer.me()).resolves.toEqual({ id: "user-1", email: "me@example.com" });
  });
});
