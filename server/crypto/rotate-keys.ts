import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import type { Database } from "@/db/client";
import { plaidItems } from "@/db/schema";
import type { TokenVault } from "./token-vault";
import { TokenVaultError } from "./token-vault-error";

export interface RotationReport {
  /** Rows holding a ciphertext that were looked at. */
  scanned: number;
  /** Re-encrypted with the current key. */
  rotated: number;
  /** Already under the current key. */
  current: number;
  /** Changed or removed by the app between read and write; a later run picks them up. */
  skipped: number;
  /** Could not be decrypted (unknown key, tampered); left untouched and listed by row id. */
  failed: { itemId: string; reason: string }[];
}

/**
 * Re-encrypts every stored access token with the vault's current key, in batches, while the app
 * keeps running: each row is written with a compare-and-swap on its old ciphertext, so a
 * concurrent remove or update wins and nothing is ever overwritten with stale data.
 */
export async function rotateKeys(
  db: Database,
  vault: TokenVault,
  options: { batchSize?: number; onBatch?: (report: RotationReport) => void } = {},
): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const report: RotationReport = { scanned: 0, rotated: 0, current: 0, skipped: 0, failed: [] };
  let lastId: string | undefined;
  for (;;) {
    const rows = await db
      .select({ id: plaidItems.id, ciphertext: plaidItems.accessTokenCiphertext })
      .from(plaidItems)
      .where(and(isNotNull(plaidItems.accessTokenCiphertext), lastId ? gt(plaidItems.id, lastId) : undefined))
      .orderBy(asc(plaidItems.id))
      .limit(batchSize);
    for (const row of rows) {
      lastId = row.id;
      if (row.ciphertext === null) continue;
      report.scanned += 1;
      await rotateRow(db, vault, row.id, row.ciphertext, report);
    }
    options.onBatch?.(report);
    if (rows.length < batchSize) return report;
  }
}

async function rotateRow(db: Database, vault: TokenVault, id: string, old: string, report: RotationReport): Promise<void> {
  let plaintext: string;
  try {
    // The key id inside the ciphertext is the truth; the key id column only speeds up queries.
    if (vault.keyIdOf(old) === vault.currentKeyId) {
      report.current += 1;
      await db
        .update(plaidItems)
        .set({ accessTokenKeyId: vault.currentKeyId })
        .where(and(eq(plaidItems.id, id), eq(plaidItems.accessTokenCiphertext, old)));
      return;
    }
    plaintext = vault.decrypt(old, id);
  } catch (error) {
    const reason = error instanceof TokenVaultError ? error.reason : "unexpected";
    report.failed.push({ itemId: id, reason });
    return;
  }
  const sealed = vault.encrypt(plaintext, id);
  const updated = await db
    .update(plaidItems)
    .set({ accessTokenCiphertext: sealed.ciphertext, accessTokenKeyId: sealed.keyId })
    .where(and(eq(plaidItems.id, id), eq(plaidItems.accessTokenCiphertext, old)))
    .returning({ id: plaidItems.id });
  if (updated.length === 1) report.rotated += 1;
  else report.skipped += 1;
}
