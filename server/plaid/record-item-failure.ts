import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { notifyItemHealth } from "@/server/notifications/item-health-notifications";
import type { PlaidFailure } from "./errors";

/**
 * The item status a failure proves, or null when it says nothing about the item's health. A
 * withheld product permission (ACCESS_NOT_GRANTED) is about that product only: the item stays as it is.
 */
export function itemStatusFor(failure: PlaidFailure): ItemStatus | null {
  if (failure.code === "PENDING_EXPIRATION") return "pending_expiration";
  if (failure.kind === "login_required") return "login_required";
  if (failure.kind === "item_not_found" || failure.kind === "access_revoked") return "revoked";
  return null;
}

/**
 * Writes what a failed call taught us about the item, so the dashboard offers *Reconnect*
 * instead of the same error on every refresh. Transient failures (rate limits, outages) change nothing.
 * An item removed while the failing call was in flight keeps its removal. A revoked permission
 * (USER_PERMISSION_REVOKED) also queues the item's refresh, which removes it at Plaid: the item
 * lives on there (and is billed) until we call /item/remove.
 */
export async function recordItemFailure(db: Queryable, itemId: string, failure: PlaidFailure): Promise<void> {
  const status = itemStatusFor(failure);
  if (!status) return;
  const updated = await db
    .update(plaidItems)
    .set({ status, errorCode: failure.code, errorMessage: failure.message })
    .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)))
    .returning({ id: plaidItems.id });
  if (updated.length > 0 && failure.code === "USER_PERMISSION_REVOKED") await enqueueJob(db, { kind: "refresh-item", key: itemId });
  if (updated.length > 0) await notifyItemHealth(db, itemId);
}
