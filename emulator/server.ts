import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { createClock } from "./clock";
import { type Emulator, type ResolvedOptions } from "./context";
import { controlRoutes } from "./controls";
import { FaultInjector } from "./http/faults";
import { RateLimiter } from "./http/rate-limit";
import { createRequestHandler } from "./http/router";
import { checkHistory, checkReady, completeHistory, markReady } from "./lifecycle";
import { checkAllowedRedirectUri } from "./link/redirect-uri";
import { linkRoutes } from "./link/routes";
import { LinkSessions } from "./link/sessions";
import { PLAID_ROUTES } from "./routes";
import { createPersister, loadSnapshot } from "./state/persist";
import { Store } from "./state/store";
import { WebhookDispatcher } from "./webhooks/deliveries";
import { WebhookSigner } from "./webhooks/signer";

export interface EmulatorOptions {
  /** 0 = a random free port. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed for generated data; same seed + same calls = same items and transactions. Default "ledgerlink". */
  seed?: string | number;
  /** JSON file to load state from and save it to (debounced). Unset = memory only. */
  dataFile?: string;
  /** Multiplies webhook retry delays and the readiness delay; 0.001 in tests. Default 1. */
  timeScale?: number;
  clientId?: string;
  secret?: string;
  /** Time from token exchange until an item's transactions are ready, before time scaling. Default 1500. */
  readyDelayMs?: number;
  /** /transactions/sync calls per item per minute (Plaid: 50); 0 disables. Benchmark users are exempt. */
  rateLimitPerMinute?: number;
  /** How long a webhook receiver may take before the attempt counts as failed (Plaid: 10 s). Not scaled. */
  webhookTimeoutMs?: number;
  /**
   * Time from the initial update (the last 30 days) to the historical update (everything), before
   * time scaling. Default 0: the whole history with the initial update, one webhook, as existing
   * in-process users expect; the CLI defaults to 8000 so dev and e2e see the two phases.
   */
  historyDelayMs?: number;
  /** Redirect URIs `/link/token/create` accepts (Plaid's dashboard "Allowed redirect URIs"). */
  allowedRedirectUris?: string[];
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

function resolve(options: EmulatorOptions): ResolvedOptions {
  return {
    seed: String(options.seed ?? "ledgerlink"),
    timeScale: options.timeScale ?? 1,
    clientId: options.clientId ?? "emulator-client-id",
    secret: options.secret ?? "emulator-secret",
    readyDelayMs: options.readyDelayMs ?? 1500,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 50,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    historyDelayMs: options.historyDelayMs ?? 0,
    allowedRedirectUris: (options.allowedRedirectUris ?? []).map(checkAllowedRedirectUri),
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolve(options);
  const store = new Store();
  const timers = new Set<NodeJS.Timeout>();
  const signer = new WebhookSigner(store);
  const emu: Emulator = {
    options: resolved,
    store,
    clock: createClock(),
    signer,
    webhooks: new WebhookDispatcher({ signer, timeScale: resolved.timeScale, timeoutMs: resolved.webhookTimeoutMs }),
    faults: new FaultInjector(),
    rateLimiter: new RateLimiter(resolved.rateLimitPerMinute),
    linkSessions: new LinkSessions(),
    later(ms, fn) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        fn();
      }, ms);
      timers.add(timer);
    },
  };

  let flush: (() => void) | undefined;
  if (options.dataFile !== undefined) {
    const snapshot = loadSnapshot(options.dataFile);
    if (snapshot !== undefined) store.load(snapshot);
    const persister = createPersister(options.dataFile, () => store.snapshot());
    store.onChange(() => persister.schedule());
    flush = () => persister.flush();
  }
  await signer.ensureKey();
  // Items that were waiting to become ready when the emulator stopped pick up where they left off.
  for (const item of store.items.values()) {
    if (!item.ready && item.readyAt !== null && !item.removed) {
      const wait = item.readyAt - emu.clock.now();
      if (wait <= 0) checkReady(emu, item);
      else emu.later(wait, () => markReady(emu, item));
    }
    if (item.ready && !item.historyComplete && item.historyAt !== null && !item.removed) {
      const wait = item.historyAt - emu.clock.now();
      if (wait <= 0) checkHistory(emu, item);
      else emu.later(wait, () => completeHistory(emu, item));
    }
  }

  const handler = createRequestHandler(emu, PLAID_ROUTES, [...linkRoutes(emu), ...controlRoutes(emu)]);
  const server: Server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 4010, options.host ?? "127.0.0.1", () => resolveListen());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      emu.webhooks.close();
      flush?.();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}
