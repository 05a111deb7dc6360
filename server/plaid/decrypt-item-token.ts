import type { TokenVault } from "@/server/crypto/token-vault";
import { PermanentJobError } from "@/server/jobs/job-errors";

/**
 * A stored access token for background work. A token that cannot be decrypted (a key removed
 * from TOKEN_ENCRYPTION_KEYS, a tampered row) will not decrypt on a retry either: the job is
 * parked with the vault's reason, never retried in a loop.
 */
export function decryptItemTokenForJob(vault: TokenVault, ciphertext: string, itemId: string): string {
  try {
    return vault.decrypt(ciphertext, itemId);
  } catch (error) {
    throw new PermanentJobError(`access token cannot be decrypted: ${error instanceof Error ? error.message : String(error)}`);
  }
}
