import { z } from "zod";
import { type Emulator } from "../context";
import { PlaidApiError, isKnownErrorCode } from "../errors";
import { checkHistory, checkReady } from "../lifecycle";
import { type ItemData } from "../state/item-data";
import { type ItemRecord } from "../state/schema";

export const AccessTokenBody = z.object({ access_token: z.string() });

/**
 * Resolves an access token as Plaid does: unknown → INVALID_ACCESS_TOKEN, removed item →
 * ITEM_NOT_FOUND, and (for data endpoints) an item in an error state answers that error.
 */
export function itemForAccessToken(emu: Emulator, token: string, options: { allowItemError?: boolean } = {}): ItemRecord {
  if (!token.startsWith("access-")) {
    throw new PlaidApiError("INVALID_ACCESS_TOKEN", "provided token is the wrong type. expected \"access\", got a different token type");
  }
  const item = emu.store.itemsByAccessToken.get(token);
  if (item === undefined) throw new PlaidApiError("INVALID_ACCESS_TOKEN");
  if (item.removed) throw new PlaidApiError("ITEM_NOT_FOUND");
  checkReady(emu, item);
  checkHistory(emu, item);
  if (!options.allowItemError && item.error !== null && isKnownErrorCode(item.error)) throw new PlaidApiError(item.error);
  return item;
}

/** Requested account ids that are not the item's (Plaid answers INVALID_ACCOUNT_ID for them). */
export function unknownAccountIds(data: ItemData, accountIds: readonly string[] | undefined): string[] {
  if (accountIds === undefined) return [];
  return accountIds.filter((id) => !data.accounts.some((account) => account.accountId === id));
}
