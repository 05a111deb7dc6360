import { type WebhookSigner } from "./signer";
import { parseRetryAfter, retryDelayMs } from "./schedule";

export interface DeliveryAttempt {
  attempt: number;
  started_at: string;
  /** HTTP status answered, or null when the request failed or timed out. */
  status: number | null;
  error: string | null;
  duration_ms: number;
  /** Scaled delay waited before this attempt (0 for the first). */
  delay_before_ms: number;
}

export interface Delivery {
  id: number;
  item_id: string | null;
  url: string;
  webhook_type: string;
  webhook_code: string;
  body: string;
  state: "held" | "pending" | "delivered" | "failed";
  attempts: DeliveryAttempt[];
  next_attempt_at: string | null;
  /** Set on the copy made by the duplicate control: the delivery it repeats. */
  duplicate_of: number | null;
  created_at: string;
}

export interface DispatcherOptions {
  signer: WebhookSigner;
  /** Multiplies retry delays; 0.001 turns 30 s into 30 ms. */
  timeScale: number;
  /** How long to wait for an answer before counting the attempt as failed. */
  timeoutMs: number;
}

// Sends webhooks and retries them like Plaid. Every attempt is recorded so tests can assert on the
// schedule. Two controls make the delivery problems Plaid documents reproducible: duplicate the next
// delivery, and hold deliveries to release them later in any order.
export class WebhookDispatcher {
  private deliveries: Delivery[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Set<AbortController>();
  private holding = false;
  private duplicates = 0;
  private nextId = 1;
  /** Unscaled time already waited between attempts, per delivery: Plaid's 24 h window. */
  private waited = new Map<number, number>();
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {}

  /** Queues a webhook for `url`; the body is pretty-printed with 2 spaces as Plaid sends it. */
  send(url: string, itemId: string | null, payload: { webhook_type: string; webhook_code: string } & Record<string, unknown>): Delivery {
    const delivery = this.create(url, itemId, payload.webhook_type, payload.webhook_code, JSON.stringify(payload, null, 2), null);
    if (this.holding) {
      delivery.state = "held";
      return delivery;
    }
    if (this.duplicates > 0) {
      this.duplicates -= 1;
      const copy = this.create(url, itemId, delivery.webhook_type, delivery.webhook_code, delivery.body, delivery.id);
      // The copy goes out once the original's first attempt is answered, as a late duplicate would.
      void this.attempt(delivery, 0).then(() => this.attempt(copy, 0));
      return delivery;
    }
    void this.attempt(delivery, 0);
    return delivery;
  }

  list(): Delivery[] {
    return this.deliveries;
  }

  hold(): void {
    this.holding = true;
  }

  /** Stops holding and sends the held deliveries one after another, oldest first or reversed. */
  async release(order: "fifo" | "reverse"): Promise<number[]> {
    this.holding = false;
    const held = this.deliveries.filter((delivery) => delivery.state === "held");
    if (order === "reverse") held.reverse();
    for (const delivery of held) {
      delivery.state = "pending";
      await this.attempt(delivery, 0);
    }
    return held.map((delivery) => delivery.id);
  }

  duplicateNext(count: number): void {
    this.duplicates += count;
  }

  clear(): void {
    this.deliveries = [];
    this.waited.clear();
    this.duplicates = 0;
    this.holding = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  close(): void {
    this.closed = true;
    this.clear();
    for (const controller of this.inflight) controller.abort();
  }

  private create(url: string, itemId: string | null, type: string, code: string, body: string, duplicateOf: number | null): Delivery {
    const delivery: Delivery = {
      id: this.nextId++,
      item_id: itemId,
      url,
      webhook_type: type,
      webhook_code: code,
      body,
      state: "pending",
      attempts: [],
      next_attempt_at: null,
      duplicate_of: duplicateOf,
      created_at: new Date().toISOString(),
    };
    this.deliveries.push(delivery);
    return delivery;
  }

  private async attempt(delivery: Delivery, delayBefore: number): Promise<void> {
    if (this.closed) return;
    delivery.next_attempt_at = null;
    const started = Date.now();
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs);
    this.inflight.add(controller);
    const record: DeliveryAttempt = { attempt: delivery.attempts.length + 1, started_at: new Date(started).toISOString(), status: null, error: null, duration_ms: 0, delay_before_ms: delayBefore };
    let retryAfterMs: number | undefined;
    try {
      const signature = await this.options.signer.sign(delivery.body);
      const response = await fetch(delivery.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Plaid-Verification": signature, "User-Agent": "Plaid Verifier" },
        body: delivery.body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      record.status = response.status;
      if (response.status === 429) retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), Date.now());
    } catch (error) {
      record.error = controller.signal.aborted ? `no answer within ${this.options.timeoutMs} ms` : error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timeout);
      this.inflight.delete(controller);
    }
    record.duration_ms = Date.now() - started;
    delivery.attempts.push(record);
    if (record.status === 200) {
      delivery.state = "delivered";
      return;
    }
    this.scheduleRetry(delivery, retryAfterMs);
  }

  private scheduleRetry(delivery: Delivery, retryAfterMs: number | undefined): void {
    if (this.closed) return;
    const elapsed = this.waited.get(delivery.id) ?? 0;
    const unscaled = retryDelayMs(delivery.attempts.length, elapsed, retryAfterMs);
    if (unscaled === undefined) {
      delivery.state = "failed";
      return;
    }
    this.waited.set(delivery.id, elapsed + unscaled);
    const delay = Math.round(unscaled * this.options.timeScale);
    delivery.next_attempt_at = new Date(Date.now() + delay).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, delay);
    }, delay);
    this.timers.add(timer);
  }
}
