import { type Clock } from "./clock";
import { type FaultInjector } from "./http/faults";
import { type RateLimiter } from "./http/rate-limit";
import { type LinkSessions } from "./link/sessions";
import { type Store } from "./state/store";
import { type WebhookDispatcher } from "./webhooks/deliveries";
import { type WebhookSigner } from "./webhooks/signer";

export interface ResolvedOptions {
  seed: string;
  timeScale: number;
  clientId: string;
  secret: string;
  readyDelayMs: number;
  rateLimitPerMinute: number;
  webhookTimeoutMs: number;
  /** Ready → full history (before time scaling); 0 = everything in the initial update. */
  historyDelayMs: number;
  /** Exact redirect URIs `/link/token/create` accepts (Plaid's dashboard list). Changeable at run time. */
  allowedRedirectUris: string[];
}

/** Everything a route or control needs, passed explicitly instead of living in module globals. */
export interface Emulator {
  options: ResolvedOptions;
  store: Store;
  clock: Clock;
  signer: WebhookSigner;
  webhooks: WebhookDispatcher;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  linkSessions: LinkSessions;
  /** Runs `fn` after `ms` real milliseconds unless the emulator closes first. */
  later(ms: number, fn: () => void): void;
}
