import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";

export interface UserItem {
  id: string;
  userId: string;
  plaidItemId: string;
  institutionId: string | null;
  institutionName: string | null;
  status: ItemStatus;
  removedAt: Date | null;
  /**
   * The stored access token, still encrypted: only code about to call Plaid decrypts it
   * (decryptItemToken), so an unreadable token never blocks what needs no Plaid call (removal).
   * Null once the item was removed at Plaid. Never returned to a client.
   */
  accessTokenCiphertext: string | null;
}

/**
 * Loads one item only if it belongs to `userId`: another user's id and a missing id both give
 * null, so callers answer them identically.
 */
export async function findUserItem(db: Queryable, scope: { userId: string; itemId: string }): Promise<UserItem | null> {
  const [row] = await db
    .select({
      id: plaidItems.id,
      userId: plaidItems.userId,
      plaidItemId: plaidItems.plaidItemId,
      institutionId: plaidItems.institutionId,
      institutionName: plaidItems.institutionName,
      status: plaidItems.status,
      removedAt: plaidItems.removedAt,
      accessTokenCiphertext: plaidItems.accessTokenCiphertext,
    })
    .from(plaidItems)
    .where(and(eq(plaidItems.id, scope.itemId), eq(plaidItems.userId, scope.userId)))
    .limit(1);
  return row ?? null;
}

/** An item that still has a live connection at Plaid. */
export type ConnectedUserItem = UserItem & { accessTokenCiphertext: string };

export function isConnected(item: UserItem): item is ConnectedUserItem {
  return item.accessTokenCiphertext !== null && item.removedAt === null;
}
