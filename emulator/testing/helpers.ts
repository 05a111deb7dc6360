import { createServer, type IncomingMessage } from "node:http";
import { type AddressInfo } from "node:net";
import { Configuration, CountryCode, PlaidApi, Products } from "plaid";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../server";

// Test helpers: an in-process emulator, the real `plaid` client pointed at it, a raw JSON caller
// for controls, and a local webhook receiver that keeps the raw bytes.

export const CLIENT_ID = "emulator-client-id";
export const SECRET = "emulator-secret";

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ port: 0, timeScale: 0.001, readyDelayMs: 0, ...options });
}

export function plaidClient(url: string): PlaidApi {
  return new PlaidApi(
    new Configuration({
      basePath: url,
      baseOptions: { headers: { "PLAID-CLIENT-ID": CLIENT_ID, "PLAID-SECRET": SECRET, "Plaid-Version": "2020-09-14" } },
    }),
  );
}

/** The Plaid error body of a failed client call (never the AxiosError itself: it holds the secret). */
export async function plaidError(call: Promise<unknown>): Promise<{ status: number; data: Record<string, unknown> }> {
  try {
    await call;
  } catch (error) {
    // The client throws an AxiosError; read only its response (axios is not a direct dependency).
    const response = typeof error === "object" && error !== null && "response" in error ? error.response : undefined;
    if (typeof response === "object" && response !== null && "status" in response && "data" in response && typeof response.status === "number") {
      return { status: response.status, data: response.data as Record<string, unknown> };
    }
    throw error;
  }
  throw new Error("expected the Plaid call to fail");
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function getJson(url: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url)).json()) as Record<string, unknown>;
}

/** Creates an item through the sandbox shortcut and exchanges its token. */
export async function connectItem(
  plaid: PlaidApi,
  options: { username?: string; webhook?: string; products?: Products[]; institutionId?: string } = {},
): Promise<{ accessToken: string; itemId: string }> {
  const created = await plaid.sandboxPublicTokenCreate({
    institution_id: options.institutionId ?? "ins_109508",
    initial_products: options.products ?? [Products.Transactions],
    options: { override_username: options.username ?? "user_good", ...(options.webhook === undefined ? {} : { webhook: options.webhook }) },
  });
  const exchanged = await plaid.itemPublicTokenExchange({ public_token: created.data.public_token });
  return { accessToken: exchanged.data.access_token, itemId: exchanged.data.item_id };
}

export const LINK_TOKEN_REQUEST = {
  client_name: "Ledgerlink",
  language: "en",
  country_codes: [CountryCode.Us],
  user: { client_user_id: "user-1" },
  products: [Products.Transactions],
};

export interface ReceivedWebhook {
  body: string;
  headers: IncomingMessage["headers"];
  at: number;
}

/** A local webhook endpoint. `answers` are the statuses to reply with in order, then 200. */
export async function startReceiver(answers: number[] = []): Promise<{ url: string; received: ReceivedWebhook[]; waitFor(count: number, timeoutMs?: number): Promise<void>; close(): Promise<void> }> {
  const received: ReceivedWebhook[] = [];
  const queue = [...answers];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers, at: Date.now() });
      res.writeHead(queue.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/plaid`,
    received,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Pages /transactions/sync to the end; returns everything seen and the final cursor. */
export async function syncAll(plaid: PlaidApi, accessToken: string, cursor = "", count = 500) {
  const added: string[] = [];
  const modified: string[] = [];
  const removed: string[] = [];
  let next = cursor;
  let pages = 0;
  for (;;) {
    const page = await plaid.transactionsSync({ access_token: accessToken, cursor: next, count });
    added.push(...page.data.added.map((txn) => txn.transaction_id));
    modified.push(...page.data.modified.map((txn) => txn.transaction_id));
    removed.push(...page.data.removed.map((txn) => txn.transaction_id));
    next = page.data.next_cursor;
    pages++;
    if (!page.data.has_more) return { added, modified, removed, cursor: next, pages };
  }
}

/** Calls the Link iframe's JSON API (`/link/ui/api/<path>`) as the UI would. */
export function linkUi(url: string) {
  return (path: string, body: Record<string, unknown>) => postJson(`${url}/link/ui/api/${path}`, body);
}

/** Webhook bodies a receiver got, parsed, optionally only one code. */
export function webhookBodies(received: readonly ReceivedWebhook[], code?: string): Record<string, unknown>[] {
  return received.map((webhook) => JSON.parse(webhook.body) as Record<string, unknown>).filter((body) => code === undefined || body.webhook_code === code);
}

/** Waits until `check` holds (polling every 5 ms), or fails with `what`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
