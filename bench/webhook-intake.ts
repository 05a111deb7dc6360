import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { DatabaseHandle } from "@/db/client";
import { createLogger } from "@/server/logger";
import { verifyPlaidWebhook } from "@/server/plaid/webhooks/verify-webhook";
import { createWebhookKeyCache } from "@/server/plaid/webhooks/webhook-keys";
import { serveWebhookIntake } from "@/server/plaid/webhooks/serve-webhook-intake";
import { createTestWebhookSigner } from "@/server/plaid/testing/test-webhook-signer";
import { runLoad, type LoadResult } from "./measure";
import { seedItemsAndSignDeliveries } from "./signed-deliveries";

const ITEMS = 200;

/** A handler that only answers 200: the ceiling any intake can reach on this server and machine. */
async function serveBare(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Verified + recorded + enqueued deliveries per second vs the bare 200, both on a plain Node
 * HTTP server in this process (the same code the Next route calls), 50 concurrent senders.
 * Every body is distinct, so each delivery is verified, hashed, looked up and written.
 */
export async function benchWebhookIntake(
  handle: DatabaseHandle,
  total: number,
  concurrency: number,
): Promise<{ intake: LoadResult; verifyOnly: LoadResult; bare: LoadResult }> {
  const signer = await createTestWebhookSigner("bench-kid");
  const getKey = createWebhookKeyCache({ fetchKey: async (kid) => (kid === signer.kid ? signer.publicKey : null) });
  const deliveries = await seedItemsAndSignDeliveries(handle, signer, { itemCount: ITEMS, total });

  const intakeServer = await serveWebhookIntake({
    getDb: async () => handle.db,
    verify: (raw, header) => verifyPlaidWebhook(raw, header, { getKey }),
    logger: createLogger({ level: "silent" }),
  });
  // Diagnostic: the same server and verification, answering before the database (503 path).
  const verifyOnlyServer = await serveWebhookIntake({
    getDb: () => Promise.reject(new Error("verify-only run")),
    verify: (raw, header) => verifyPlaidWebhook(raw, header, { getKey }),
    logger: createLogger({ level: "silent" }),
  });
  const bareServer = await serveBare();
  const send = (url: string) => async (index: number) => {
    const delivery = deliveries[index];
    if (!delivery) return false;
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", "plaid-verification": delivery.jwt }, body: delivery.body });
    await response.arrayBuffer();
    return response.status === 200 || url === verifyOnlyServer.url;
  };
  try {
    // Warm both paths (JIT, connection pools, key cache) before measuring.
    await runLoad(Math.min(200, total), concurrency, async (i) => send(bareServer.url)(i));
    await runLoad(Math.min(200, total), concurrency, async (i) => send(intakeServer.url)(total - 1 - i));
    const bare = await runLoad(total, concurrency, send(bareServer.url));
    const verifyOnly = await runLoad(total, concurrency, send(verifyOnlyServer.url));
    const intake = await runLoad(total, concurrency, send(intakeServer.url));
    return { intake, verifyOnly, bare };
  } finally {
    await Promise.all([intakeServer.close(), verifyOnlyServer.close(), bareServer.close()]);
  }
}
