import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { jobs, plaidItems, users } from "@/db/schema";
import { createLogger } from "@/server/logger";
import { requestSync } from "@/server/plaid/request-sync";
import { createTestWebhookSigner, plaidWebhookBody, type TestWebhookSigner } from "@/server/plaid/testing/test-webhook-signer";
import { receivePlaidWebhook } from "@/server/plaid/webhooks/receive-webhook";
import { verifyPlaidWebhook } from "@/server/plaid/webhooks/verify-webhook";
import { createTestDatabase } from "@/test/test-database";
import { runWithRequestId } from "./request-context";
import { withRequestLog } from "./with-request-log";

const PLAID_ITEM_ID = "item-request-id-test";
const logger = createLogger({ level: "silent" });

let handle: DatabaseHandle;
let signer: TestWebhookSigner;
let userId: string;
let itemId: string;

beforeAll(async () => {
  [handle, signer] = await Promise.all([createTestDatabase(), createTestWebhookSigner("kid-request-id")]);
  userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@example.test` });
  const [item] = await handle.db
    .insert(plaidItems)
    .values({ userId, plaidItemId: PLAID_ITEM_ID, accessTokenCiphertext: "v1.test.x.y", accessTokenKeyId: "test" })
    .returning({ id: plaidItems.id });
  if (!item) throw new Error("no item");
  itemId = item.id;
});
afterAll(async () => {
  await handle.close();
});
beforeEach(async () => {
  await handle.db.delete(jobs);
});

const payloads = async () => (await handle.db.select({ kind: jobs.kind, payload: jobs.payload }).from(jobs).orderBy(jobs.kind)).map((row) => [row.kind, row.payload]);

describe("the request id travels into the jobs a request enqueues", () => {
  it("a webhook delivery's X-Request-Id is answered back and stored in the sync job it queues", async () => {
    const route = withRequestLog(
      "plaid-webhook",
      (request: Request) =>
        receivePlaidWebhook(request, {
          getDb: async () => handle.db,
          verify: (rawBody, header) => verifyPlaidWebhook(rawBody, header, { getKey: async (kid) => (kid === signer.kid ? signer.publicKey : null) }),
          logger,
        }),
      logger,
    );
    const body = plaidWebhookBody({ webhook_type: "TRANSACTIONS", webhook_code: "SYNC_UPDATES_AVAILABLE", item_id: PLAID_ITEM_ID });
    const response = await route(
      new Request("http://localhost/api/plaid/webhook", {
        method: "POST",
        headers: { "content-type": "application/json", "plaid-verification": await signer.sign(body), "x-request-id": "hook-req-1" },
        body,
      }),
      {},
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("hook-req-1");
    expect(await payloads()).toEqual([["sync-transactions", { request_id: "hook-req-1" }]]);
  });

  it("Sync now stores its request's id in both jobs it queues", async () => {
    expect(await runWithRequestId("sync-now-req-7", () => requestSync(handle.db, { userId, itemId }))).toBe(true);
    expect(await payloads()).toEqual([
      ["refresh-item", { request_id: "sync-now-req-7" }],
      ["sync-transactions", { request_id: "sync-now-req-7" }],
    ]);
  });

  it("work enqueued outside any request carries no request id", async () => {
    await requestSync(handle.db, { userId, itemId });
    expect(await payloads()).toEqual([
      ["refresh-item", {}],
      ["sync-transactions", {}],
    ]);
  });
});
