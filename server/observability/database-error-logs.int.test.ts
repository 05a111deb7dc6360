import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { TRPCError } from "@trpc/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { withSanitizedErrors } from "@/server/api/sanitized-caller";
import { INTERNAL_ERROR_MESSAGE } from "@/server/api/trpc";
import { signUpSafely } from "@/server/auth/sign-up-safely";
import { createLogger } from "@/server/logger";
import { receivePlaidWebhook } from "@/server/plaid/webhooks/receive-webhook";
import { createTestDatabase } from "@/test/test-database";
import { logError } from "./error-log-fields";
import { logRequestError } from "./log-request-error";
import { readMigrationJournal } from "./migration-status";
import { checkReadiness } from "./readiness";

// A real database refusing real queries at each site that used to log (or let Next log) the
// error's message: Drizzle's "Failed query: <sql> params: <values>" and PostgreSQL's own text.

const EMAIL = "victim.needle@example.test";
const PASSWORD = "correct horse battery staple";
const SEARCH = "needle-4111-1111";
const ITEM = "needle-item-7f3a";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

/** Anything that would show the query, a parameter, an email or a password hash got out. */
function expectNoLeak(lines: string[], extra: string[] = []): void {
  expect(lines.length).toBeGreaterThan(0);
  const text = lines.join("\n");
  for (const leak of [/select /i, /insert /i, /failed query/i, /params/i, /\$argon2/, /needle/, /example\.test/, /relation/i, ...extra.map((word) => new RegExp(word))]) {
    expect(text).not.toMatch(leak);
  }
}

const fields = (line: string | undefined) => JSON.parse(line ?? "{}") as Record<string, unknown>;

describe("a database failure at each site is logged by class and SQLSTATE only", () => {
  let handle: DatabaseHandle;
  const userId = randomUUID();

  beforeAll(async () => {
    handle = await createTestDatabase();
    await handle.db.insert(users).values({ id: userId, email: "page-reader@example.org" });
    // Failures on demand, each a real error from the driver under Drizzle's.
    await handle.execRaw("alter table users add constraint refuse_new_users check (false) not valid"); // 23514 on sign-up's insert
    await handle.execRaw("drop table plaid_transactions cascade"); // 42P01 for the explorer's query
    await handle.execRaw("drop table plaid_webhook_events cascade"); // 42P01 for webhook intake
    await handle.execRaw("drop table worker_heartbeats cascade"); // 42P01 for readiness's queue snapshot
  });
  afterAll(() => handle.close());

  it("sign-up: the form says something went wrong, and the log has neither the email nor the argon2 hash", async () => {
    const { log, lines } = capture();
    const result = await signUpSafely(handle.db, { email: EMAIL, password: PASSWORD }, { address: null }, log);
    expect(result).toEqual({ ok: false, field: "form", message: INTERNAL_ERROR_MESSAGE });
    expect(lines).toHaveLength(1);
    expect(fields(lines[0])).toMatchObject({ level: 50, msg: "sign-up failed", error: "DrizzleQueryError", code: "23514" });
    expectNoLeak(lines, [PASSWORD]);
  });

  it("a server-rendered page's caller: rethrows a bare INTERNAL_SERVER_ERROR and logs by class and code", async () => {
    const { log, lines } = capture();
    const session = { user: { id: userId, email: "page-reader@example.org" }, expires: new Date(Date.now() + 3_600_000).toISOString() };
    const api = withSanitizedErrors(createCaller({ db: handle.db, session, headers: new Headers() }), log);
    const thrown = await api.transactions.list({ limit: 10, search: SEARCH }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(thrown).toBeInstanceOf(TRPCError);
    expect((thrown as TRPCError).code).toBe("INTERNAL_SERVER_ERROR");
    expect((thrown as TRPCError).message).toBe(INTERNAL_ERROR_MESSAGE);
    // Next prints what a page throws, with its cause chain: there must be nothing to print.
    expect((thrown as TRPCError).cause).toBeUndefined();
    expect(fields(lines[0])).toMatchObject({ level: 50, path: "transactions.list", error: "DrizzleQueryError", code: "42P01" });
    expectNoLeak(lines, [userId]);
  });

  it("a server-rendered page's caller keeps deliberate errors as they are (NOT_FOUND stays NOT_FOUND)", async () => {
    const { log, lines } = capture();
    const api = withSanitizedErrors(createCaller({ db: handle.db, session: null, headers: new Headers() }), log);
    await expect(api.transactions.list({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    expect(lines).toEqual([]);
  });

  it("webhook intake: answers 503 and logs the failed insert without the delivery's contents", async () => {
    const { log, lines } = capture();
    const body = JSON.stringify({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: ITEM, environment: "sandbox" });
    const response = await receivePlaidWebhook(new Request("http://app.test/api/plaid/webhook", { method: "POST", body }), {
      getDb: async () => handle.db,
      verify: async () => ({ ok: true, kid: "kid-1", bodySha256: "a".repeat(64) }),
      logger: log,
    });
    expect(response.status).toBe(503);
    const failure = lines.map(fields).find((line) => line.msg === "could not record Plaid webhook");
    expect(failure).toMatchObject({ level: 50, error: "DrizzleQueryError", code: "42P01" });
    expectNoLeak(lines, ["SYNC_UPDATES_AVAILABLE", "aaaaaaaa"]);
  });

  it("readiness: answers not ready and logs the failed probe without its query", async () => {
    const { log, lines } = capture();
    const report = await checkReadiness({
      getDb: async () => handle.db,
      journal: () => readMigrationJournal(),
      staleSeconds: 60,
      onDatabaseError: logError(log, "warn", "readiness: database unreachable"),
    });
    expect(report.status).toBe("not_ready");
    expect(fields(lines[0])).toMatchObject({ level: 40, error: "DrizzleQueryError", code: "42P01" });
    expectNoLeak(lines, ["worker_heartbeats"]);
  });

  it("instrumentation's onRequestError: the page's path without its query, the error by class and code", async () => {
    const { log, lines } = capture();
    const error = await handle.db.execute(sql`select * from plaid_transactions where name = ${SEARCH}`).then(
      () => new Error("expected a failure"),
      (failure: unknown) => failure,
    );
    logRequestError(
      log,
      Object.assign(error as Error, { digest: "2841903915" }),
      { path: `/transactions?search=${SEARCH}`, method: "GET", headers: { cookie: "session=secret" } },
      { routerKind: "App Router", routePath: "/(app)/transactions", routeType: "render", revalidateReason: undefined },
    );
    expect(fields(lines[0])).toMatchObject({ level: 50, path: "/transactions", route: "/(app)/transactions", digest: "2841903915" });
    expectNoLeak(lines, ["session=secret"]);
  });
});
