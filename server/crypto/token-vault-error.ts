export type TokenVaultErrorReason =
  /** TOKEN_ENCRYPTION_KEYS is missing, malformed or has a key of the wrong size. */
  | "invalid_key_ring"
  /** The stored value is not `v1.<keyId>.<iv>.<data>`. */
  | "malformed"
  /** The ciphertext names a key that is not in the ring (removed too early, or foreign data). */
  | "unknown_key"
  /** GCM rejected it: tampered bytes, the wrong key, or the wrong AAD (moved to another row). */
  | "authentication_failed";

/** Every vault failure; its message never contains key material, plaintext or ciphertext. */
export class TokenVaultError extends Error {
  override name = "TokenVaultError";
  constructor(
    readonly reason: TokenVaultErrorReason,
    message: string,
  ) {
    super(message);
  }
}
