import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { userTotp } from "@/db/schema";
import type { TokenVault } from "@/server/crypto/token-vault";
import { TokenVaultError } from "@/server/crypto/token-vault-error";
import { totpSecretAad } from "./two-factor";

/**
 * `keys:rotate` for TOTP secrets: re-seals every secret not under the current key, so an old key
 * can be dropped without locking anyone out of two-factor sign-in. Each write is a compare-and-swap
 * on the old ciphertext (a re-enrolment meanwhile wins). Unreadable rows are listed, never touched.
 */
export async function rotateTotpSecrets(db: Database, vault: TokenVault): Promise<{ rotated: number; failed: { userId: string; reason: string }[] }> {
  const rows = await db.select({ userId: userTotp.userId, ciphertext: userTotp.secretCiphertext }).from(userTotp);
  const report = { rotated: 0, failed: [] as { userId: string; reason: string }[] };
  for (const row of rows) {
    try {
      if (vault.keyIdOf(row.ciphertext) === vault.currentKeyId) continue;
      const sealed = vault.encrypt(vault.decrypt(row.ciphertext, totpSecretAad(row.userId)), totpSecretAad(row.userId));
      const updated = await db
        .update(userTotp)
        .set({ secretCiphertext: sealed.ciphertext })
        .where(and(eq(userTotp.userId, row.userId), eq(userTotp.secretCiphertext, row.ciphertext)))
        .returning({ userId: userTotp.userId });
      report.rotated += updated.length;
    } catch (error) {
      if (!(error instanceof TokenVaultError)) throw error;
      report.failed.push({ userId: row.userId, reason: error.reason });
    }
  }
  return report;
}
