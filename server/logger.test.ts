import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "info", destination }), output: () => lines.join("") };
}

describe("logger redaction", () => {
  it("never prints tokens, secrets, passwords, cookies or authorization headers", () => {
    const { logger, output } = capture();
    logger.info(
      {
        access_token: "access-sandbox-11111111-aaaa",
        item: { accessToken: "access-sandbox-22222222-bbbb", public_token: "public-sandbox-3333" },
        req: { headers: { authorization: "Bearer abc", cookie: "authjs.session-token=xyz" } },
        err: { message: "Request failed", config: { headers: { "PLAID-SECRET": "super-secret" } } },
        password: "hunter2 hunter2",
      },
      "something happened",
    );
    const text = output();
    for (const secret of ["access-sandbox", "public-sandbox", "Bearer abc", "session-token", "super-secret", "hunter2"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("something happened");
    expect(text).toContain("[redacted]");
  });
});
