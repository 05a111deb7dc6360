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

type StoredItem = { id: string; plaidItemId: string; ciphertext: string | null };

const itemColumns = { id: plaidItems.id, plaidItemId: plaidItems.plaidItemId, ciphertext: plaidItems.accessTokenCiphertext };

/**
 * Deletes a user and everything that is theirs, after re-checking their password.
 *
 * First the user is marked `deleting_at` (under the user row's lock, the one a bank exchange takes
 * before it stores an item): from then on every session is refused on every process and an
 * exchange still in flight refuses to store its item and removes it at Plaid. Then every live
 * connection is removed at Plaid (so Plaid stops billing and holding the bank login); if one of
 * those calls fails, the mark is lifted, nothing is deleted and the user can retry (ITEM_NOT_FOUND
 * on a retry counts as removed). Last, one transaction re-reads the items under lock, removes any
 * it has not seen at Plaid, and deletes the rows.
 */
export async function deleteAccount(
  plaid: PlaidDeps,
  db: Database,
  input: { userId: string; password: string },
  now: Date = new Date(),
): Promise<DeleteAccountResult> {
  const check = await verifyAccountPassword(db, input.userId, input.password, now);
  if (!check.ok) return check;

  await db.update(users).set({ deletingAt: now }).where(eq(users.id, input.userId));
  forgetSessionVersion(input.userId);
  const log = plaidLogger(plaid);
  let deletedItems = 0;
  try {
    const items = await db.select(itemColumns).from(plaidItems).where(eq(plaidItems.userId, input.userId));
    for (const item of items) await removeAtPlaid(plaid, item);
    const removed = new Set(items.map((item) => item.id));

    const userKey = literal(input.userId);
    await db.transaction(async (tx) => {
      await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId)).for("update");
      const current = await tx.select(itemColumns).from(plaidItems).where(eq(plaidItems.userId, input.userId)).for("update");
      // None is expected (the mark stops new ones), but an item stored here must not outlive us at Plaid.
      for (const item of current) if (!removed.has(item.id)) await removeAtPlaid(plaid, item);
      deletedItems = current.length;
      if (current.length > 0) {
        await tx.delete(jobs).where(inArray(jobs.key, current.map((item) => item.id)));
        await tx.delete(plaidWebhookEvents).where(inArray(plaidWebhookEvents.plaidItemId, current.map((item) => item.plaidItemId)));
      }
      // Per-user limits are keyed `<purpose>:<userId>` or `<purpose>:<userId>:<more>`.
      await tx.delete(rateLimits).where(or(like(rateLimits.key, `%:${userKey}`), like(rateLimits.key, `%:${userKey}:%`)));
      // Items, accounts, transactions, balance snapshots and Auth.js rows go with it (on delete cascade).
      await tx.delete(users).where(eq(users.id, input.userId));
    });
  } catch (error) {
    // Nothing was deleted: lift the mark so the user can sign in and try again.
    await db.update(users).set({ deletingAt: null }).where(eq(users.id, input.userId));
    forgetSessionVersion(input.userId);
    throw error;
  }
  forgetSessionVersion(input.userId);
  log.info({ userId: input.userId, items: deletedItems }, "account deleted");
  return { ok: true };
}

/** Revokes one stored item at Plaid; an unreadable token is logged and skipped, never a blocker. */
async function removeAtPlaid(plaid: PlaidDeps, item: StoredItem): Promise<void> {
  if (item.ciphertext === null) return; // already removed at Plaid; only the kept data is left
  let accessToken: string;
  try {
    accessToken = plaid.vault.decrypt(item.ciphertext, item.id);
  } catch (error) {
    if (!(error instanceof TokenVaultError)) throw error;
    // An unreadable token cannot be revoked by us; deleting the account must not hang on it.
    plaidLogger(plaid).warn({ itemId: item.id, plaidItemId: item.plaidItemId, reason: error.reason }, "account deletion: token unreadable, item not removed at Plaid");
    return;
  }
  await removeItemAtPlaid(plaid, accessToken);
}
