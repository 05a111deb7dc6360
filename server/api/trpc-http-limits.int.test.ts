import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { users } from "@/db/schema";
import { handleTransactionsExport } from "@/server/finance/export-transactions-handler";
import { createTestDatabase } from "@/test/test-database";
import { APP_ORIGIN, createTrpcHttpKit, type TrpcHttpKit } from "./testing/trpc-http-kit";
import { TRPC_MAX_BATCH_SIZE, TRPC_MAX_BODY_BYTES } from "./trpc-request-limits";

const host = new URL(APP_ORIGIN).host;
const sameOriginJson = { host, origin: APP_ORIGIN, "sec-fetch-site": "same-origin", "content-type": "application/json" };

/** A superjson-wrapped mutation input padded to exactly `bytes` bytes of JSON. */
function paddedBody(bytes: number): string {
  const empty = JSON.stringify({ json: { itemId: "item", pad: "" } });
  return JSON.stringify({ json: { itemId: "item", pad: "x".repeat(bytes - empty.length) } });
}

/** `count` procedures in one batched GET, as the browser's batch link sends them. */
function batchedQuery(api: TrpcHttpKit, count: number): Promise<Response> {
  const paths = Array.from({ length: count }, () => "items.list").join(",");
  return api.handler(new Request(`${APP_ORIGIN}/api/trpc/${paths}?batch=1`, { headers: { host, "sec-fetch-site": "same-origin" } }));
}

describe("the tRPC endpoint's request limits and caching", () => {
  let handle: DatabaseHandle;
  let api: TrpcHttpKit;

  beforeAll(async () => {
    handle = await createTestDatabase();
    const user = { id: randomUUID(), email: "limits@example.test" };
    await handle.db.insert(users).values(user);
    api = createTrpcHttpKit({ db: handle.db, user });
  });
  afterAll(() => handle.close());

  it(`answers 413 with a JSON error to a body over ${TRPC_MAX_BODY_BYTES / 1024} KiB, before tRPC reads it, and lets one just under through`, async () => {
    const over = await api.post("items.remove", { body: paddedBody(TRPC_MAX_BODY_BYTES + 1), headers: sameOriginJson });
    expect(over.status).toBe(413);
    expect(over.headers.get("cache-control")).toBe("no-store");
    expect(await over.json()).toEqual({ error: { message: "The request is too large: at most 64 KiB." } });

    // The same procedure with a body that fits reaches tRPC (which refuses the unknown item id its own way).
    const under = await api.post("items.remove", { body: paddedBody(TRPC_MAX_BODY_BYTES), headers: sameOriginJson });
    expect(under.status).not.toBe(413);
    expect(under.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("answers 413 to an oversized body sent without a Content-Length (chunked), without reading it all", async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        if (pulled > 1_000) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const request = new Request(`${APP_ORIGIN}/api/trpc/items.remove`, { method: "POST", headers: sameOriginJson, body: endless, duplex: "half" } as RequestInit);
    const response = await api.handler(request);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it(`runs a batch of ${TRPC_MAX_BATCH_SIZE} procedures and answers 400 with a clear error to ${TRPC_MAX_BATCH_SIZE + 1}, running none`, async () => {
    const atCap = await batchedQuery(api, TRPC_MAX_BATCH_SIZE);
    expect(atCap.status).toBe(200);
    expect(((await atCap.json()) as unknown[]).length).toBe(TRPC_MAX_BATCH_SIZE);

    const over = await batchedQuery(api, TRPC_MAX_BATCH_SIZE + 1);
    expect(over.status).toBe(400);
    expect(over.headers.get("cache-control")).toBe("no-store");
    const body = JSON.stringify(await over.json());
    expect(body).toContain("Batch call exceeds maximum size");
    expect(body).toContain("BAD_REQUEST");
  });

  it("marks every answer Cache-Control: no-store: a query, a batch, a mutation's error and a refused cross-site request", async () => {
    const answers = [
      await api.query("items.list"),
      await batchedQuery(api, 2),
      await api.mutate("items.remove", { itemId: randomUUID(), keepData: true }),
      await api.post("items.remove", { body: "{}", headers: { ...sameOriginJson, origin: "https://evil.example", "sec-fetch-site": "cross-site" } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 404, 403]);
    expect(answers.map((r) => r.headers.get("cache-control"))).toEqual(["no-store", "no-store", "no-store", "no-store"]);
  });

  it("marks the CSV export's answers no-store too, the file and the refusal", async () => {
    const request = new Request(`${APP_ORIGIN}/api/export/transactions`);
    const refused = await handleTransactionsExport(request, { userId: async () => null, database: async () => handle.db });
    const file = await handleTransactionsExport(request, { userId: async () => randomUUID(), database: async () => handle.db });
    expect([refused.status, file.status]).toEqual([401, 200]);
    expect([refused.headers.get("cache-control"), file.headers.get("cache-control")]).toEqual(["no-store", "no-store"]);
    await file.text();
  });
});
