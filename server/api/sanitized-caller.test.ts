import { initTRPC } from "@trpc/server";
import { redirect } from "next/navigation";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { withSanitizedErrors } from "./sanitized-caller";

const t = initTRPC.create();
const router = t.router({
  goElsewhere: t.procedure.query(() => redirect("/sign-in")),
  fail: t.procedure.query(() => {
    throw new Error("Failed query: select secret from users where email = $1 params: a@b.c");
  }),
});

function caller(lines: string[]) {
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  return withSanitizedErrors(t.createCallerFactory(router)({}), log);
}

describe("withSanitizedErrors", () => {
  it("lets Next's own control flow (redirect) through as thrown, and logs nothing", async () => {
    const lines: string[] = [];
    const error = await caller(lines).goElsewhere().catch((caught: unknown) => caught);
    expect(String((error as { digest?: unknown }).digest)).toMatch(/^NEXT_REDIRECT/);
    expect(lines).toEqual([]);
  });

  it("turns an unexpected failure into a bare internal error, logged without its message", async () => {
    const lines: string[] = [];
    const error = await caller(lines).fail().catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(String((error as Error).message)).not.toContain("select");
    expect(lines.join("\n")).not.toMatch(/select|a@b\.c/);
    expect(lines).toHaveLength(1);
  });
});
