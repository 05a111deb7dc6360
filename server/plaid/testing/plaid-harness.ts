/**
 * Test support for server/plaid integration tests: the emulator over HTTP, a fresh database, a
 * real vault with a random key, a logger writing into an array, and tRPC callers per user.
 */
import { randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { Products } from "plaid";
import { startEmulator } from "@/emulator/server";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { createCaller } from "@/server/api/root";
import { createLogger } from "@/server/logger";
import { createTestDatabase } from "@/test/test-database";
import type { PlaidDeps } from "../services";
import { emulatorControl, emulatorPlaidDeps } from "./emulator-plaid-deps";

export const FIRST_PLATYPUS = { id: "ins_109508", name: "First Platypus Bank" };

export interface PlaidHarness {
  emulatorUrl: string;
  handle: DatabaseHandle;
  deps: PlaidDeps;
  /** Every log line written through `deps.logger`, raw JSON text. */
  logLines: string[];
  createUser(): Promise<{ id: string; email: string }>;
  caller(user: { id: string; email: string }): ReturnType<typeof createCaller>;
  /** Skips Link: a public token for a new item at the institution (sandbox user_good). */
  publicToken(institutionId?: string): Promise<string>;
  /** Calls an emulator test control (`/__emulator/...`): POST with a JSON body, GET without. */
  control(path: string, body?: unknown): Promise<unknown>;
  /** Makes the emulator answer the next `count` calls of `endpoint` with Plaid's `errorCode`. */
  injectError(endpoint: string, errorCode: string, count?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createPlaidHarness(): Promise<PlaidHarness> {
  const [emulator, handle] = await Promise.all([startEmulator({ port: 0, timeScale: 0.001, readyDelayMs: 0 }), createTestDatabase()]);
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  const { deps } = emulatorPlaidDeps({ emulatorUrl: emulator.url, logger: createLogger({ level: "debug", destination }) });
  const control = emulatorControl(emulator.url);
  return {
    emulatorUrl: emulator.url,
    handle,
    deps,
    logLines,
    async createUser() {
      const id = randomUUID();
      const email = `${id}@example.test`;
      await handle.db.insert(users).values({ id, email });
      return { id, email };
    },
    caller(user) {
      return createCaller({
        db: handle.db,
        session: { user: { id: user.id, email: user.email }, expires: new Date(Date.now() + 3_600_000).toISOString() },
        headers: new Headers(),
        plaid: deps,
      });
    },
    async publicToken(institutionId = FIRST_PLATYPUS.id) {
      const response = await deps.client.sandboxPublicTokenCreate({
        institution_id: institutionId,
        initial_products: [Products.Transactions],
      });
      return response.data.public_token;
    },
    control,
    async injectError(endpoint, errorCode, count = 1) {
      await control("faults", { endpoint, kind: "error", error_code: errorCode, count });
    },
    async close() {
      await Promise.all([emulator.close(), handle.close()]);
    },
  };
}
