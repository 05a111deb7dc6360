import type { JobKind } from "@/server/jobs/enqueue-job";
import type { WebhookEnvelope } from "./schemas";

/**
 * What a delivery asks of us, decided from its envelope alone so intake stays one statement: work
 * for the queue (done only if we hold the item and it is still connected, else recorded as
 * `ignored`), or nothing (recorded as `ignored`).
 */
export type WebhookDecision =
  | {
      work: JobKind;
      note: string;
      /** Also set the item's new_accounts_available flag, in the same statement as the event. */
      flagNewAccounts?: boolean;
      /** What SYNC_UPDATES_AVAILABLE says of the item's history; set (never cleared) with the event. */
      historyProgress?: { initial: boolean; historical: boolean };
      /** PENDING_DISCONNECT's reason and when the item disconnects, stored with the event (/item/get cannot show a migration). */
      pendingDisconnect?: { reason: string; at: Date };
      /** USER_ACCOUNT_REVOKED's account: marked revoked with the event; the queued refresh deletes its data. */
      revokedAccountId?: string;
    }
  | { work: null; note: string };

export type WebhookHandler = (envelope: WebhookEnvelope) => WebhookDecision;
