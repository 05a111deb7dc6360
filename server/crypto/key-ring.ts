import { createSecretKey, type KeyObject } from "node:crypto";
import { TokenVaultError } from "./token-vault-error";

/** One AES-256 key and the id written in front of every ciphertext it produced. */
export interface VaultKey {
  id: string;
  key: KeyObject;
}

export interface KeyRing {
  /** Encrypts every new token; the first key in `TOKEN_ENCRYPTION_KEYS`. */
  current: VaultKey;
  byId: ReadonlyMap<string, VaultKey>;
}

// Ids sit between dots in `v1.<keyId>.<iv>.<data>` and before a colon in the env var.
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `id:base64-32-bytes,id:base64-32-bytes,...` (first = current). Fails loudly on anything
 * odd, because a silently dropped key makes its rows unreadable later.
 */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new TokenVaultError("invalid_key_ring", "TOKEN_ENCRYPTION_KEYS lists no keys");
  const byId = new Map<string, VaultKey>();
  const keys: VaultKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const id = colon > 0 ? entry.slice(0, colon) : "";
    const encoded = colon > 0 ? entry.slice(colon + 1) : "";
    // Never echo the entry: it is a secret.
    const where = `TOKEN_ENCRYPTION_KEYS entry ${index + 1}`;
    if (!KEY_ID.test(id)) throw new TokenVaultError("invalid_key_ring", `${where} needs an id of letters, digits, _ or - before ':'`);
    if (byId.has(id)) throw new TokenVaultError("invalid_key_ring", `${where} repeats key id "${id}"`);
    const bytes = decodeBase64(encoded);
    if (bytes?.length !== 32) throw new TokenVaultError("invalid_key_ring", `${where} (key "${id}") must be 32 bytes of base64`);
    const key = { id, key: createSecretKey(bytes) };
    byId.set(id, key);
    keys.push(key);
  }
  const [current] = keys;
  if (!current) throw new TokenVaultError("invalid_key_ring", "TOKEN_ENCRYPTION_KEYS lists no keys");
  return { current, byId };
}

/** Accepts standard and url-safe base64; null when the text is not base64 at all. */
function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}
