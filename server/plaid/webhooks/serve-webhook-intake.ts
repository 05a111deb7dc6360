import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { receivePlaidWebhook, type WebhookIntakeDeps } from "./receive-webhook";

/**
 * The webhook intake on a bare Node HTTP server, without Next: for tests and the benchmark, so
 * the emulator can deliver real signed webhooks to exactly the code the route handler runs.
 */
export async function serveWebhookIntake(deps: WebhookIntakeDeps, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
      }
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body: Buffer.concat(chunks) });
      receivePlaidWebhook(request, deps)
        .then(async (response) => {
          res.writeHead(response.status, { "content-type": "application/json" });
          res.end(await response.text());
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/api/plaid/webhook`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
