import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { KeyRing } from "./key-ring";
import { TokenVaultError } from "./token-vault-error";

const VERSION = "v1";
const IV_BYTES = 12; // 96-bit IV: GCM's native size, random per encryption.
const TAG_BYTES = 16;

export interface SealedToken {
  /** `v1.<keyId>.<iv>.<ciphertext+tag>`, base64url parts. */
  ciphertext: string;
  keyId: string;
}

/**
 * Encryption at rest for Plaid access tokens. The AAD is the owning row's id, so a ciphertext
 * copied onto another row fails to decrypt instead of handing that row a stranger's token.
 */
export interface TokenVault {
  readonly currentKeyId: string;
  encrypt(plaintext: string, aad: string): SealedToken;
  /** Throws TokenVaultError; never returns bytes GCM did not authenticate. */
  decrypt(ciphertext: string, aad: string): string;
  /** The key id a stored value was sealed with (without decrypting it). */
  keyIdOf(ciphertext: string): string;
}

interface ParsedCiphertext {
  keyId: string;
  iv: Buffer;
  data: Buffer;
  tag: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parse(stored: string): ParsedCiphertext {
  const parts = stored.split(".");
  const [version, keyId, ivText, dataText] = parts;
  if (parts.length !== 4 || version !== VERSION || !keyId || !ivText || !dataText) {
    throw new TokenVaultError("malformed", "Stored token is not in the v1 vault format");
  }
  if (!BASE64URL.test(ivText) || !BASE64URL.test(dataText)) {
    throw new TokenVaultError("malformed", "Stored token has non-base64url parts");
  }
  const iv = Buffer.from(ivText, "base64url");
  const sealed = Buffer.from(dataText, "base64url");
  if (iv.length !== IV_BYTES || sealed.length <= TAG_BYTES) {
    throw new TokenVaultError("malformed", "Stored token has a wrong IV or data length");
  }
  return { keyId, iv, data: sealed.subarray(0, sealed.length - TAG_BYTES), tag: sealed.subarray(sealed.length - TAG_BYTES) };
}

export function createTokenVault(ring: KeyRing): TokenVault {
  return {
    currentKeyId: ring.current.id,

    encrypt(plaintext, aad) {
      if (!aad) throw new TypeError("TokenVault.encrypt needs the row id as AAD");
      const { id, key } = ring.current;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(aad, "utf8"));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return { ciphertext: [VERSION, id, iv.toString("base64url"), data.toString("base64url")].join("."), keyId: id };
    },

    decrypt(stored, aad) {
      const { keyId, iv, data, tag } = parse(stored);
      const entry = ring.byId.get(keyId);
      if (!entry) throw new TokenVaultError("unknown_key", `Stored token names key "${keyId}", which is not in TOKEN_ENCRYPTION_KEYS`);
      const decipher = createDecipheriv("aes-256-gcm", entry.key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(aad, "utf8"));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch {
        throw new TokenVaultError(
          "authentication_failed",
          `Stored token failed authentication with key "${keyId}" (tampered, or moved from another row)`,
        );
      }
    },

    keyIdOf(stored) {
      return parse(stored).keyId;
    },
  };
}
