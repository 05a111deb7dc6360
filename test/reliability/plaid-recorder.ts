import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A pass-through proxy in front of the emulator, one port per app or worker process, that writes
 * down every /transactions/sync call: which process, which access token, which cursor, when it
 * started and answered. Calls chain into *sync runs* (a cursor that continues the previous page's
 * `next_cursor` with `has_more`), and two runs of one item whose time spans intersect are an
 * overlapping sync, whichever processes made them. In fault mode it asks the emulator to fail a
 * share of the calls it forwards (the emulator's own fault injection, so the failures are the
 * emulator's answers).
 */
export interface SyncCall {
  source: string;
  accessToken: string;
  cursor: string;
  startedAt: number;
  endedAt: number;
  status: number;
  hasMore: boolean | null;
  nextCursor: string | null;
  failed: boolean;
}

export interface SyncRun {
  source: string;
  accessToken: string;
  calls: SyncCall[];
  startedAt: number;
  endedAt: number;
  /** Ended with has_more false: the run saw the end of the log. */
  complete: boolean;
}

export type FaultKind = "http500" | "timeout" | "rate_limit" | "mutation_during_pagination" | "drop";

export interface FaultPlan {
  /** Share of forwarded calls that get a fault, 0–1. */
  rate: number;
  kinds: FaultKind[];
  /** Only calls from these sources (e.g. the workers). */
  sources: (source: string) => boolean;
  /** At most this many timeouts: each holds a worker loop for the client's 30 s deadline. */
  maxTimeouts: number;
}

export interface PlaidRecorder {
  urlFor(source: string): Promise<string>;
  calls: SyncCall[];
  callCounts: Map<string, number>;
  injected: Map<FaultKind, number>;
  setFaults(plan: FaultPlan | null): void;
  /** Extra latency (ms) before forwarding a /transactions/sync call, e.g. to make a long sync longer. */
  setSyncLatency(latency: ((source: string, accessToken: string) => number) | null): void;
  /** When the last /transactions/sync call for this token was sent (0 = never). */
  lastSyncStartedAt(accessToken: string): number;
  runs(filter?: (call: SyncCall) => boolean): SyncRun[];
  close(): Promise<void>;
}

const FAULT_BODY: Record<FaultKind, Record<string, unknown>> = {
  http500: { kind: "http500" },
  // The app's Plaid client gives up after 30 s (server/plaid/client.ts PLAID_TIMEOUT_MS).
  timeout: { kind: "delay", delay_ms: 31_000 },
  rate_limit: { kind: "error", error_code: "TRANSACTIONS_SYNC_LIMIT" },
  mutation_during_pagination: { kind: "error", error_code: "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION" },
  drop: { kind: "drop" },
};

// Faults that only make sense on one endpoint; the rest apply to any Plaid call.
const SYNC_ONLY: FaultKind[] = ["rate_limit", "mutation_during_pagination"];

export function startPlaidRecorder(emulatorUrl: string): PlaidRecorder {
  const servers: http.Server[] = [];
  const ports = new Map<string, Promise<string>>();
  const calls: SyncCall[] = [];
  const callCounts = new Map<string, number>();
  const injected = new Map<FaultKind, number>();
  let plan: FaultPlan | null = null;
  let latency: ((source: string, accessToken: string) => number) | null = null;
  const syncStarts = new Map<string, number>();

  async function maybeInjectFault(source: string, endpoint: string): Promise<void> {
    if (!plan || !plan.sources(source) || Math.random() >= plan.rate) return;
    const timeoutsLeft = plan.maxTimeouts - (injected.get("timeout") ?? 0);
    const kinds = plan.kinds.filter((kind) => (kind === "timeout" ? timeoutsLeft > 0 : true) && (endpoint === "/transactions/sync" || !SYNC_ONLY.includes(kind)));
    const kind = kinds[Math.floor(Math.random() * kinds.length)];
    if (!kind) return;
    injected.set(kind, (injected.get(kind) ?? 0) + 1);
    const response = await fetch(`${emulatorUrl}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint, count: 1, ...FAULT_BODY[kind] }),
    });
    if (!response.ok) throw new Error(`fault control answered ${response.status}: ${await response.text()}`);
  }

  function serve(source: string): Promise<string> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        void forward(source, req, res, Buffer.concat(chunks));
      });
    });
    servers.push(server);
    return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
  }

  async function forward(source: string, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const endpoint = (req.url ?? "/").split("?")[0] ?? "/";
    callCounts.set(endpoint, (callCounts.get(endpoint) ?? 0) + 1);
    const isSync = endpoint === "/transactions/sync";
    let request: { access_token?: string; cursor?: string } = {};
    if (isSync) {
      try {
        request = JSON.parse(body.toString("utf8")) as typeof request;
      } catch {
        request = {};
      }
    }
    // A call is written down once, when it ends for its caller: an answer, a drop, or the caller
    // giving up (a late answer to a timed-out call must not reopen it).
    const finish = (update: (call: SyncCall) => void = () => {}) => {
      if (!isSync || call.endedAt !== 0) return;
      call.endedAt = Date.now();
      update(call);
      calls.push(call);
    };
    const call: SyncCall = { source, accessToken: request.access_token ?? "", cursor: request.cursor ?? "", startedAt: Date.now(), endedAt: 0, status: 0, hasMore: null, nextCursor: null, failed: true };
    if (isSync) {
      syncStarts.set(call.accessToken, call.startedAt);
      const extra = latency?.(source, call.accessToken) ?? 0;
      if (extra > 0) await new Promise((resolve) => setTimeout(resolve, extra));
    }
    try {
      await maybeInjectFault(source, endpoint);
    } catch (error) {
      res.writeHead(502).end(String(error));
      return;
    }
    const upstream = http.request(new URL(req.url ?? "/", emulatorUrl), { method: req.method, headers: req.headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => parts.push(chunk));
      answer.on("end", () => {
        const text = Buffer.concat(parts);
        finish((ended) => {
          ended.status = answer.statusCode ?? 0;
          if (ended.status === 200) {
            const page = JSON.parse(text.toString("utf8")) as { has_more?: boolean; next_cursor?: string };
            ended.hasMore = page.has_more ?? null;
            ended.nextCursor = page.next_cursor ?? null;
            ended.failed = false;
          }
        });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        res.end(text);
      });
    });
    upstream.on("error", () => {
      // The emulator dropped the connection (or died): drop ours too, so the caller sees the same.
      finish();
      res.destroy();
    });
    // The caller gave up (its timeout): the run it belonged to ends now.
    res.on("close", () => finish());
    upstream.end(body);
  }

  function runs(filter: (call: SyncCall) => boolean = () => true): SyncRun[] {
    const result: SyncRun[] = [];
    const open = new Map<string, SyncRun>();
    for (const call of [...calls].filter(filter).sort((a, b) => a.startedAt - b.startedAt)) {
      const key = `${call.source}\u0000${call.accessToken}`;
      const current = open.get(key);
      const last = current?.calls.at(-1);
      const continues = current && last && !last.failed && last.hasMore === true && last.nextCursor === call.cursor;
      if (continues) {
        current.calls.push(call);
        current.endedAt = Math.max(current.endedAt, call.endedAt);
        current.complete = !call.failed && call.hasMore === false;
      } else {
        const run: SyncRun = { source: call.source, accessToken: call.accessToken, calls: [call], startedAt: call.startedAt, endedAt: call.endedAt, complete: !call.failed && call.hasMore === false };
        result.push(run);
        open.set(key, run);
      }
    }
    return result;
  }

  return {
    urlFor(source) {
      let url = ports.get(source);
      if (!url) {
        url = serve(source);
        ports.set(source, url);
      }
      return url;
    },
    calls,
    callCounts,
    injected,
    setFaults(next) {
      plan = next;
    },
    setSyncLatency(next) {
      latency = next;
    },
    lastSyncStartedAt: (accessToken) => syncStarts.get(accessToken) ?? 0,
    runs,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}

/** Pairs of runs of one item whose spans intersect: two syncs of one item at once. */
export function overlappingRuns(runs: SyncRun[]): [SyncRun, SyncRun][] {
  const pairs: [SyncRun, SyncRun][] = [];
  const byToken = new Map<string, SyncRun[]>();
  for (const run of runs) byToken.set(run.accessToken, [...(byToken.get(run.accessToken) ?? []), run]);
  for (const list of byToken.values()) {
    const sorted = [...list].sort((a, b) => a.startedAt - b.startedAt);
    sorted.forEach((a, i) => {
      for (const b of sorted.slice(i + 1)) {
        if (b.startedAt >= a.endedAt) break;
        pairs.push([a, b]);
      }
    });
  }
  return pairs;
}
