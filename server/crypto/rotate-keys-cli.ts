/**
 * `npm run keys:rotate`: put a new key first in TOKEN_ENCRYPTION_KEYS (keep the old ones after it),
 * deploy, run this, then drop the old keys once it reports no failures. Safe while the app runs.
 */
import { getDatabase } from "@/server/db";
import { getEnv } from "@/server/env";
import { logger } from "@/server/logger";
import { logError } from "@/server/observability/error-log-fields";
import { checkEnvironmentOrExit } from "@/server/startup";
import { rotateTotpSecrets } from "@/server/auth/rotate-totp-secrets";
import { getTokenVault } from "./get-token-vault";
import { rotateKeys } from "./rotate-keys";
import { TokenVaultError } from "./token-vault-error";

async function main(): Promise<number> {
  checkEnvironmentOrExit("keys:rotate");
  const vault = getTokenVault();
  // PGlite is one process's database: rotating it while the app runs would open it twice.
  const env = getEnv();
  if (!env.DATABASE_URL) console.warn(`No DATABASE_URL: rotating PGlite in ${env.DATA_DIR}/; stop the app first.`);
  const handle = await getDatabase();
  try {
    console.log(`Re-encrypting access tokens with key "${vault.currentKeyId}"...`);
    const report = await rotateKeys(handle.db, vault, {
      onBatch: (progress) => console.log(`  scanned ${progress.scanned}, rotated ${progress.rotated}`),
    });
    console.log(
      `Done: scanned ${report.scanned}, rotated ${report.rotated}, already current ${report.current}, ` +
        `skipped (changed meanwhile) ${report.skipped}, failed ${report.failed.length}`,
    );
    for (const failure of report.failed) console.error(`  item ${failure.itemId}: ${failure.reason}`);
    if (report.skipped > 0) console.log("Run again to pick up the skipped rows.");
    // Two-factor secrets are sealed by the same vault (server/auth/two-factor.ts).
    const totp = await rotateTotpSecrets(handle.db, vault);
    console.log(`TOTP secrets: rotated ${totp.rotated}, failed ${totp.failed.length}`);
    for (const failure of totp.failed) console.error(`  user ${failure.userId}: ${failure.reason}`);
    return report.failed.length + totp.failed.length > 0 ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A vault error's message is written never to hold key material; a database error's quotes
    // the UPDATE's parameters (ciphertexts), so it is named by class and SQLSTATE only.
    if (error instanceof TokenVaultError) console.error(`${error.name}: ${error.message}`);
    else logError(logger, "fatal", "keys:rotate failed")(error);
    process.exit(1);
  },
);
