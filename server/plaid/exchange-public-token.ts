import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Database, Transaction } from "@/db/client";
import { plaidAccounts, plaidItems, users } from "@/db/schema";
import { saveAccounts } from "./save-accounts";
import { enqueueJob } from "@/server/jobs/enqueue-job";
import { callPlaid } from "./call-plaid";
import { toPlaidFailure } from "./errors";
import { fetchAccounts } from "./fetch-accounts";
import { fetchInstitutionName } from "./fetch-institution-name";
import { removeItemAtPlaid } from "./remove-item-at-plaid";
import { plaidLogger, type PlaidDeps } from "./services";

export interface ExchangeRequest {
  userId: string;
  publicToken: string;
  /** What Link's onSuccess reported; only a fallback label, the server asks Plaid for the truth. */
  institution: { id: string; name: string } | null;
}

export type ExchangeResult =
  | { status: "connected"; itemId: string }
  | { status: "duplicate"; existingItemId: string; institutionName: string | null }
  /** The user's account is being deleted (or is gone): nothing was stored, the item was removed at Plaid. */
  | { status: "account_deleting" };

/**
 * Link's public token → a stored item. Exchanges exactly once, then reads the item's accounts
 * from Plaid (not from the browser's metadata) to refuse a duplicate: same user, same institution,
 * same set of account masks. A duplicate is removed at Plaid at once so it is never billed.
 */
export async function exchangePublicToken(deps: PlaidDeps, db: Database, request: ExchangeRequest): Promise<ExchangeResult> {
  const log = plaidLogger(deps);
  const exchanged = await callPlaid("/item/public_token/exchange", () =>
    deps.client.itemPublicTokenExchange({ public_token: request.publicToken }),
  );
  const accessToken = exchanged.access_token;
  const plaidItemId = exchanged.item_id;

  const [known] = await db
    .select({ id: plaidItems.id, userId: plaidItems.userId, institutionName: plaidItems.institutionName })
    .from(plaidItems)
    .where(eq(plaidItems.plaidItemId, plaidItemId));
  if (known) {
    // An item we already store (an update-mode token sent here, or a replay): removing it at
    // Plaid would disconnect the existing connection, so leave it and point at it.
    if (known.userId !== request.userId) throw new Error("This bank connection belongs to another account.");
    return { status: "duplicate", existingItemId: known.id, institutionName: known.institutionName };
  }

  let outcome: ExchangeResult;
  try {
    const fetched = await fetchAccounts(deps, accessToken);
    const institutionId = fetched.institutionId ?? request.institution?.id ?? null;
    const institutionName =
      fetched.institutionName ??
      (institutionId ? await fetchInstitutionName(deps, institutionId) : null) ??
      request.institution?.name ??
      null;
    const itemId = randomUUID();
    // Encrypt before the insert: the AAD is the row id, generated here rather than by the database.
    const sealed = deps.vault.encrypt(accessToken, itemId);
    const masks = fetched.accounts.map((account) => account.mask ?? "");

    outcome = await db.transaction(async (tx) => {
      // One connect at a time per user, so two tabs linking the same bank cannot both pass the check.
      // The same lock orders this against account deletion, which marks the user under it first:
      // either this item commits before the mark (and deletion finds it) or this sees the mark.
      const [owner] = await tx.select({ deletingAt: users.deletingAt }).from(users).where(eq(users.id, request.userId)).for("update");
      if (!owner || owner.deletingAt) return { status: "account_deleting" };
      const duplicate = institutionId ? await findDuplicate(tx, request.userId, institutionId, masks) : null;
      if (duplicate) return { status: "duplicate", existingItemId: duplicate.id, institutionName: duplicate.institutionName };

      await tx.insert(plaidItems).values({
        id: itemId,
        userId: request.userId,
        plaidItemId,
        institutionId,
        institutionName,
        accessTokenCiphertext: sealed.ciphertext,
        accessTokenKeyId: sealed.keyId,
      });
      const now = new Date();
      // Also records today's balance snapshot of each account (the balance history starts here).
      await saveAccounts(tx, { itemId, userId: request.userId }, fetched.accounts, now);
      // Enqueued in the same transaction: an item is never stored without its first sync.
      await enqueueJob(tx, { kind: "sync-transactions", key: itemId });
      // Liabilities, if the bank shares them (optional at Link): unavailable is recorded, not an error.
      await enqueueJob(tx, { kind: "fetch-liabilities", key: itemId });
      return { status: "connected", itemId };
    });
  } catch (error) {
    // Nothing was stored: do not leave a live, billed item at Plaid that no row points to.
    await removeQuietly(deps, accessToken, plaidItemId);
    throw error;
  }

  if (outcome.status === "duplicate") {
    await removeQuietly(deps, accessToken, plaidItemId);
    log.info({ plaidItemId, existingItemId: outcome.existingItemId }, "duplicate bank connection refused and removed at Plaid");
  } else if (outcome.status === "account_deleting") {
    await removeQuietly(deps, accessToken, plaidItemId);
    log.info({ plaidItemId }, "bank connection refused: the account is being deleted; removed at Plaid");
  } else {
    log.info({ itemId: outcome.itemId, plaidItemId }, "bank connected");
  }
  return outcome;
}

/** An existing, live item of this user at the same institution with the same set of account masks. */
async function findDuplicate(
  tx: Transaction,
  userId: string,
  institutionId: string,
  masks: string[],
): Promise<{ id: string; institutionName: string | null } | null> {
  const candidates = await tx
    .select({ id: plaidItems.id, institutionName: plaidItems.institutionName })
    .from(plaidItems)
    .where(
      and(
        eq(plaidItems.userId, userId),
        eq(plaidItems.institutionId, institutionId),
        isNull(plaidItems.removedAt),
        // A revoked item is dead at Plaid: connecting the bank again is how the user recovers.
        ne(plaidItems.status, "revoked"),
      ),
    );
  if (candidates.length === 0) return null;
  const accounts = await tx
    .select({ itemId: plaidAccounts.itemId, mask: plaidAccounts.mask })
    .from(plaidAccounts)
    .where(
      inArray(
        plaidAccounts.itemId,
        candidates.map((candidate) => candidate.id),
      ),
    );
  const wanted = sameSetKey(masks);
  return (
    candidates.find(
      (candidate) => sameSetKey(accounts.filter((account) => account.itemId === candidate.id).map((account) => account.mask ?? "")) === wanted,
    ) ?? null
  );
}

const sameSetKey = (masks: string[]): string => JSON.stringify([...new Set(masks)].sort());

/** Best effort: the caller already has its answer; a failure is logged for support by item id. */
async function removeQuietly(deps: PlaidDeps, accessToken: string, plaidItemId: string): Promise<void> {
  try {
    await removeItemAtPlaid(deps, accessToken);
  } catch (error) {
    const failure = toPlaidFailure(error);
    plaidLogger(deps).error(
      { plaidItemId, code: failure.code, requestId: failure.requestId },
      "could not remove an unused item at Plaid; remove it by hand",
    );
  }
}
