import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { currentRequestId, payloadWithRequestId } from "./request-context";
import { withRequestLog } from "./with-request-log";

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("withRequestLog", () => {
  it("writes one JSON line per request with the request id, method, path, status and duration, and answers the id in X-Request-Id", async () => {
    const { log, lines } = capture();
    const handler = withRequestLog("test", async () => new Response("ok", { status: 201 }), log);
    const response = await handler(new Request("http://app.test/api/thing?secret=1", { method: "POST", headers: { "x-request-id": "lb-7f3a.42" } }), {});
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a.42");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ msg: "request", route: "test", method: "POST", path: "/api/thing", status: 201, requestId: "lb-7f3a.42" });
    expect(lines[0]?.ms).toEqual(expect.any(Number));
  });

  it.each([
    ["missing", undefined],
    ["too long", "a".repeat(200)],
    ["with spaces", "abc def"],
    ["with a quote", 'abc"def'],
    ["starting with punctuation", "-abc"],
  ])("makes up a UUID when the caller's X-Request-Id is %s", async (_, offered) => {
    const { log, lines } = capture();
    const handler = withRequestLog("test", () => Response.json({}), log);
    const response = await handler(new Request("http://app.test/x", { headers: offered ? { "x-request-id": offered } : {} }), {});
    expect(response.headers.get("x-request-id")).toMatch(UUID);
    expect(lines[0]?.requestId).toBe(response.headers.get("x-request-id"));
  });

  it("runs the handler inside the request: its log lines and the jobs it enqueues carry the id", async () => {
    const { log, lines } = capture();
    let payload: Record<string, unknown> = {};
    const handler = withRequestLog(
      "test",
      async () => {
        log.info("inside the handler");
        payload = payloadWithRequestId({ reason: "sync now" });
        return new Response(null, { status: 204 });
      },
      log,
    );
    await handler(new Request("http://app.test/x", { headers: { "x-request-id": "req-1" } }), {});
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ["inside the handler", "req-1"],
      ["request", "req-1"],
    ]);
    expect(payload).toEqual({ reason: "sync now", request_id: "req-1" });
    expect(currentRequestId()).toBeUndefined();
    expect(payloadWithRequestId({})).toEqual({});
  });

  it("stamps the header on responses whose headers are immutable (redirects)", async () => {
    const { log } = capture();
    const handler = withRequestLog("test", () => Response.redirect("http://app.test/elsewhere", 303), log);
    const response = await handler(new Request("http://app.test/x", { headers: { "x-request-id": "req-2" } }), {});
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("http://app.test/elsewhere");
    expect(response.headers.get("x-request-id")).toBe("req-2");
  });

  it("answers a handler that throws with a bare 500 and logs it by class and code, never its message", async () => {
    const { log, lines } = capture();
    const failure = Object.assign(new Error("Failed query: select * from users where email = $1\nparams: victim@example.test"), { code: "57P01" });
    const handler = withRequestLog("test", () => Promise.reject(failure), log);
    const response = await handler(new Request("http://app.test/x", { headers: { "x-request-id": "req-3" } }), {});
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toBe("req-3");
    expect(await response.text()).toBe("Internal Server Error");
    expect(lines[0]).toMatchObject({ level: 50, status: 500, error: "Error", code: "57P01" });
    expect(JSON.stringify(lines)).not.toMatch(/select|params|victim/);
  });
});
