import { describe, expect, it } from "vitest";
import type { Queryable } from "@/db/client";
import { checkSessionToken } from "./session-version";

const unreachable = {
  select: () => {
    throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
  },
} as unknown as Queryable;

describe("checkSessionToken", () => {
  it("keeps a session when the database cannot be reached, instead of signing the user out during an outage", async () => {
    const token = { sub: "user-during-outage", sessionVersion: 3 };
    await expect(checkSessionToken(unreachable, { token })).resolves.toEqual(token);
  });

  it("ends a token without a subject", async () => {
    await expect(checkSessionToken(unreachable, { token: {} })).resolves.toBeNull();
  });
});
