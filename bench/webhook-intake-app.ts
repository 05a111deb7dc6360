import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { DatabaseHandle } from "@/db/client";
import { createTestWebhookSigner } from "@/server/plaid/testing/test-webhook-signer";
import { runLoad, type LoadResult } from "./measure";
import { seedItemsAndSignDeliveries } from "./signed-deliveries";

const APP_PORT = 3420;
const APP = `http://127.0.0.1:${APP_PORT}`;
const ITEMS = 200;

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await fetch(url).then((response) => response.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up in ${timeoutMs} ms`);
}

/**
 * Webhook intake inside the built app (`next start`, production mode, worker off so only intake is
 * measured) vs `GET /api/health`, a route in the same app that reads nothing and answers 200: the
 * cost of Next's routing and a response, without the delivery's body. The app fetches the signing
 * key from a tiny stand-in for Plaid's key endpoint.
 */
export async function benchWebhookIntakeInApp(
  handle: DatabaseHandle,
  databaseUrl: string,
  total: number,
  concurrency: number,
): Promise<{ intake: LoadResult; bare: LoadResult } | null> {
  if (!existsSync(".next/BUILD_ID")) {
    console.error("[bench] no `next build` found: skipping intake inside the built app (run `npm run build` first)");
    return null;
  }
  const signer = await createTestWebhookSigner("bench-app-kid");
  const keyServer = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ key: signer.publicKey, request_id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => keyServer.listen(0, "127.0.0.1", resolve));
  const keyServerUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}`;

  const deliveries = await seedItemsAndSignDeliveries(handle, signer, { itemCount: ITEMS, total });

  const app = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(APP_PORT)], {
    stdio: "ignore",
    detached: true,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      PLAID_ENV: "emulator",
      PLAID_BASE_URL: keyServerUrl,
      PUBLIC_URL: APP,
      AUTH_SECRET: "bench-auth-secret-that-is-long-enough-0123456789",
      TOKEN_ENCRYPTION_KEYS: "b1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
      RUN_WORKER: "false",
      LOG_LEVEL: "error",
    },
  });
  const deliver = async (index: number) => {
    const delivery = deliveries[index % deliveries.length];
    if (!delivery) return false;
    const response = await fetch(`${APP}/api/plaid/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "plaid-verification": delivery.jwt },
      body: delivery.body,
    });
    await response.arrayBuffer();
    return response.status === 200;
  };
  const health = async () => {
    const response = await fetch(`${APP}/api/health`);
    await response.arrayBuffer();
    return response.status === 200;
  };
  try {
    await waitFor(`${APP}/api/health`);
    // Warm-up: JIT, route compilation caches, the connection pool and the key cache.
    await runLoad(300, concurrency, health);
    await runLoad(300, concurrency, async (i) => deliver(total - 1 - i));
    const bare = await runLoad(total, concurrency, health);
    const intake = await runLoad(total, concurrency, deliver);
    return { intake, bare };
  } finally {
    if (app.pid) process.kill(-app.pid, "SIGTERM");
    await new Promise<void>((resolve) => keyServer.close(() => resolve()));
  }
}
