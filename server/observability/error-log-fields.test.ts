import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { errorLogFields } from "./error-log-fields";

class PostgresError extends Error {
  override name = "PostgresError";
  code = "22P02";
}

describe("errorLogFields", () => {
  it("names the error and its causes with the SQLSTATE, and none of the messages", () => {
    const driver = new PostgresError('invalid input syntax for type uuid: "4111-1111"');
    const query = new DrizzleQueryError("select * from users where id = $1", ["4111-1111"], driver);
    const fields = errorLogFields(query);
    expect(fields).toEqual({ error: "DrizzleQueryError", causes: ["PostgresError"], code: "22P02" });
    expect(JSON.stringify(fields)).not.toMatch(/select|4111|params/);
  });

  it("recognises Drizzle's query error by its shape when it comes from another copy of drizzle-orm (a production bundle)", () => {
    const driver = new PostgresError("relation does not exist");
    const foreign = Object.assign(new Error("Failed query: select * from users where id = $1\nparams: 4111-1111", { cause: driver }), {
      query: "select * from users where id = $1",
      params: ["4111-1111"],
    });
    expect(errorLogFields(foreign)).toEqual({ error: "DrizzleQueryError", causes: ["PostgresError"], code: "22P02" });
  });

  it("ignores a code that is not a short identifier", () => {
    const error = Object.assign(new Error("boom"), { code: "select secret from vault" });
    expect(errorLogFields(error)).toEqual({ error: "Error" });
  });

  it("describes a thrown non-error by its type", () => {
    expect(errorLogFields("a string")).toEqual({ error: "string" });
  });
});
