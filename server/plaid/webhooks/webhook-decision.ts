import type { Transaction } from "@/db/client";
import type { JobKind } from "@/server/jobs/enqueue-job";
import type { WebhookEnvelope } from "./schemas";

/** The item a delivery names, if we hold it and it is still connected. */
export interface WebhookItem {
  id: string;
}

export interface WebhookContext {
  /** The intake transaction: every write a handler makes commits with the event record or not at all. */
  tx: Transaction;
  item: WebhookItem | null;
  envelope: WebhookEnvelope;
}

/** What a delivery asks of us: work for the queue, or nothing (recorded as `ignored`). */
export type WebhookDecision = { work: JobKind; itemId: string; note: string } | { work: null; note: string };

export type WebhookHandler = (context: WebhookContext) => Promise<WebhookDecision>;
