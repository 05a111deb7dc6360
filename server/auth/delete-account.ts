import { eq, inArray, like, or } from "drizzle-orm";
import type { Database } from "@/db/client";
import { jobs, plaidItems, plaidWebhookEvents, rateLimits, users } from "@/db/schema";
import { TokenVaultError } from "@/server/crypto/token-vault-error";
import { removeItemAtPlaid } from "@/server/plaid/remove-item-at-plaid";
import { plaidLogger, type PlaidDeps } from "@/server/plaid/services";
import { forgetSessionVersion } from "./session-version";
import { verifyAccountPassword, type AccountPasswordCheck } from "./verify-account-password";

export type DeleteAccountResult = { ok: true } | Exclude<AccountPasswordCheck, { ok: true }>;

/** `%` and `_` are LIKE wildcards; an id is matched literally. */
const literal = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/**
 * Deletes a user and everything that is theirs, after re-checking their password. Every live
 * connection is removed at Plaid first (so Plaid stops billing and holding the bank login); if one
 * of those calls fails, nothing here is deleted and the user can retry, since ITEM_NOT_FOUND on a
 * retry counts as already removed. Then one transaction deletes the rows.
 */
export async function deleteAccount(
  plaid: PlaidDeps,
  db: Database,
  input: { userId: string; password: string },
  now: Date = new Date(),
): Promise<DeleteAccountResult> {
  const check = await verifyAccountPassword(db, input.userId, input.password, now);
  if (!check.ok) return check;

  const items = await db
    .select({ id: plaidItems.id, plaidItemId: plaidItems.plaidItemId, ciphertext: plaidItems.accessTokenCiphertext })
    .from(plaidItems)
    .where(eq(plaidItems.userId, input.userId));
  const log = plaidLogger(plaid);
  for (const item of items) {
    if (item.ciphertext === null) continue; // already removed at Plaid; only the kept data is left
    let accessToken: string;
    try {
      accessToken = plaid.vault.decrypt(item.ciphertext, item.id);
    } catch (error) {
      if (!(error instanceof TokenVaultError)) throw error;
      // An unreadable token cannot be revoked by us; deleting the account must not hang on it.
      log.warn({ itemId: item.id, plaidItemId: item.plaidItemId, reason: error.reason }, "account deletion: token unreadable, item not removed at Plaid");
      continue;
    }
    await removeItemAtPlaid(plaid, accessToken);
  }

  const itemIds = items.map((item) => item.id);
  const plaidItemIds = items.map((item) => item.plaidItemId);
  const userKey = literal(input.userId);
  await db.transaction(async (tx) => {
    if (itemIds.length > 0) {
      await tx.delete(jobs).where(inArray(jobs.key, itemIds));
      await tx.delete(plaidWebhookEvents).where(inArray(plaidWebhookEvents.plaidItemId, plaidItemIds));
    }
    // Per-user limits are keyed `<purpose>:<userId>` or `<purpose>:<userId>:<more>`.
    await tx.delete(rateLimits).where(or(like(rateLimits.key, `%:${userKey}`), like(rateLimits.key, `%:${userKey}:%`)));
    // Items, accounts, transactions, balance snapshots and Auth.js rows go with it (on delete cascade).
    await tx.delete(users).where(eq(users.id, input.userId));
  });
  forgetSessionVersion(input.userId);
  log.info({ userId: input.userId, items: items.length }, "account deleted");
  return { ok: true };
}
