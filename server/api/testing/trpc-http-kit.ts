/**
 * Test kit for the `/api/trpc` endpoint over real HTTP semantics: the real handler (guard, tRPC,
 * app router, error formatter), a context with the test's database and user, and a logger
 * writing into an array.
 */
import { Writable } from "node:stream";
import superjson from "superjson";
import type { Database } from "@/db/client";
import { createLogger } from "@/server/logger";
import type { PlaidDeps } from "@/server/plaid/services";
import { createTrpcHttpHandler } from "../trpc-http-handler";

export const APP_ORIGIN = "https://ledgerlink.example";

export interface TrpcHttpKit {
  handler: (request: Request) => Promise<Response>;
  /** Every log line the endpoint wrote, raw JSON text. */
  logLines: string[];
  /** A query as the browser's tRPC client sends it (GET). */
  query(path: string, input?: unknown): Promise<Response>;
  /** A mutation as the browser's tRPC client sends it: same-origin JSON POST. */
  mutate(path: string, input?: unknown): Promise<Response>;
  /** A POST with any body and headers, as another site's form or script might send it. */
  post(path: string, init: { body?: BodyInit; headers?: Record<string, string> }): Promise<Response>;
}

export function createTrpcHttpKit(options: {
  db: Database;
  user: { id: string; email: string };
  plaid?: PlaidDeps;
  /** Another import of the handler factory (e.g. loaded with NODE_ENV=production). */
  createHandler?: typeof createTrpcHttpHandler;
}): TrpcHttpKit {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const session = { user: options.user, expires: new Date(Date.now() + 3_600_000).toISOString() };
  const handler = (options.createHandler ?? createTrpcHttpHandler)({
    createContext: async (request) => ({ db: options.db, session, headers: request.headers, plaid: options.plaid }),
    publicUrl: () => APP_ORIGIN,
    logger: createLogger({ level: "debug", destination }),
  });
  const url = (path: string) => `${APP_ORIGIN}/api/trpc/${path}`;
  const host = new URL(APP_ORIGIN).host;
  return {
    handler,
    logLines,
    query: (path, input) => {
      const search = input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
      return handler(new Request(`${url(path)}${search}`, { headers: { host, "sec-fetch-site": "same-origin" } }));
    },
    mutate: (path, input) =>
      handler(
        new Request(url(path), {
          method: "POST",
          headers: { host, origin: APP_ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" },
          body: JSON.stringify(superjson.serialize(input)),
        }),
      ),
    post: (path, init) => handler(new Request(url(path), { method: "POST", body: init.body, headers: { host, ...init.headers } })),
  };
}
