import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { describeError, RetryableJobError } from "./job-errors";

class PostgresError extends Error {
  override name = "PostgresError";
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

describe("describeError", () => {
  it("names a database failure by class and SQLSTATE, never by the SQL or its parameters", () => {
    const cause = new PostgresError('invalid input syntax for type uuid: "access-sandbox-secret"', "22P02");
    const error = new DrizzleQueryError("select * from plaid_items where id = $1", ["access-sandbox-secret"], cause);
    const text = describeError(error);
    expect(text).toBe("DrizzleQueryError ← PostgresError (SQLSTATE 22P02)");
    expect(text).not.toMatch(/select|access-sandbox/);
  });

  it("keeps the message of the app's own errors, which say what to do", () => {
    expect(describeError(new RetryableJobError("/transactions/sync rate_limited", 60_000))).toBe(
      "RetryableJobError: /transactions/sync rate_limited",
    );
  });
});
