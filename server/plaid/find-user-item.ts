import { and, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItems, type ItemStatus } from "@/db/schema";
import type { TokenVault } from "@/server/crypto/token-vault";

export interface UserItem {
  id: string;
  userId: string;
  plaidItemId: string;
  institutionId: string | null;
  institutionName: string | null;
  status: ItemStatus;
  removedAt: Date | null;
  /** Decrypted for this call only; null once the item was removed at Plaid. Never returned to a client. */
  accessToken: string | null;
}

/**
 * Loads one item only if it belongs to `userId`: another user's id and a missing id both give
 * null, so callers answer them identically.
 */
export async function findUserItem(
  db: Queryable,
  vault: TokenVault,
  scope: { userId: string; itemId: string },
): Promise<UserItem | null> {
  const [row] = await db
    .select({
      id: plaidItems.id,
      userId: plaidItems.userId,
      plaidItemId: plaidItems.plaidItemId,
      institutionId: plaidItems.institutionId,
      institutionName: plaidItems.institutionName,
      status: plaidItems.status,
      removedAt: plaidItems.removedAt,
      ciphertext: plaidItems.accessTokenCiphertext,
    })
    .from(plaidItems)
    .where(and(eq(plaidItems.id, scope.itemId), eq(plaidItems.userId, scope.userId)))
    .limit(1);
  if (!row) return null;
  const { ciphertext, ...item } = row;
  // AAD = row id: a ciphertext copied here from another row fails instead of decrypting.
  return { ...item, accessToken: ciphertext === null ? null : vault.decrypt(ciphertext, row.id) };
}

/** An item that still has a live connection at Plaid. */
export type ConnectedUserItem = UserItem & { accessToken: string };

export function isConnected(item: UserItem): item is ConnectedUserItem {
  return item.accessToken !== null && item.removedAt === null;
}
