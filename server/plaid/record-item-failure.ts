import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import type { PlaidFailure } from "./errors";

/** The item status a failure proves, or null when it says nothing about the item's health. */
export function itemStatusFor(failure: PlaidFailure): ItemStatus | null {
  if (failure.code === "PENDING_EXPIRATION") return "pending_expiration";
  if (failure.kind === "login_required") return "login_required";
  if (failure.kind === "item_not_found" || failure.kind === "access_revoked") return "revoked";
  return null;
}

/**
 * Writes what a failed call taught us about the item, so the dashboard offers *Reconnect*
 * instead of the same error on every refresh. Transient failures (rate limits, outages) change nothing.
 * An item removed while the failing call was in flight keeps its removal.
 */
export async function recordItemFailure(db: Queryable, itemId: string, failure: PlaidFailure): Promise<void> {
  const status = itemStatusFor(failure);
  if (!status) return;
  await db
    .update(plaidItems)
    .set({ status, errorCode: failure.code, errorMessage: failure.message })
    .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)));
}
