import http from "node:http";
import type { AddressInfo } from "node:net";
import { recordExchange } from "./http-record";

export interface RoundRobinFront {
  url: string;
  /** Requests forwarded to each upstream, in order. */
  counts(): number[];
  close(): Promise<void>;
}

/**
 * PUBLIC_URL for the two app instances: forwards each request to the next app in turn, so the
 * emulator's webhooks (and the harness's calls) alternate between them. Records every answer.
 * An app that cannot be reached answers 502 here, as a load balancer would.
 */
export async function startRoundRobinFront(upstreams: () => string[]): Promise<RoundRobinFront> {
  let next = 0;
  const forwarded: number[] = [];
  const server = http.createServer((req, res) => {
    const targets = upstreams();
    const index = next++ % targets.length;
    forwarded[index] = (forwarded[index] ?? 0) + 1;
    const target = new URL(req.url ?? "/", targets[index]);
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, "x-forwarded-host": req.headers.host ?? "" } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          const body = Buffer.concat(chunks);
          const headers = Object.entries(answer.headers)
            .map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : (value ?? "")}`)
            .join("\n");
          recordExchange({ method: req.method ?? "GET", url: `${targets[index]}${req.url ?? ""}`, status: answer.statusCode ?? 0, headers, body: body.toString("utf8") });
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(body);
        });
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", (error) => {
      if (res.headersSent) return res.destroy();
      res.writeHead(502, { "content-type": "text/plain" });
      res.end(`front: upstream ${targets[index]} failed: ${error.message}`);
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => [...forwarded],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
