import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseKeyRing } from "./key-ring";
import { createTokenVault } from "./token-vault";
import { TokenVaultError } from "./token-vault-error";

const key = () => randomBytes(32).toString("base64");
const TOKEN = "access-sandbox-8ab976e6-64bc-4b38-98f7-731e7a349970";

function expectVaultError(run: () => unknown, reason: TokenVaultError["reason"]) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TokenVaultError);
    expect((error as TokenVaultError).reason).toBe(reason);
    expect((error as TokenVaultError).message).not.toContain("access-");
    return;
  }
  throw new Error(`expected a TokenVaultError (${reason})`);
}

/** Flips one bit of the decoded part at `partIndex` and re-encodes it. */
function tamper(ciphertext: string, partIndex: number, byteIndex: number): string {
  const parts = ciphertext.split(".");
  const bytes = Buffer.from(parts[partIndex] ?? "", "base64url");
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 0x01;
  parts[partIndex] = bytes.toString("base64url");
  return parts.join(".");
}

describe("token vault", () => {
  const rowId = randomUUID();
  const vault = createTokenVault(parseKeyRing(`k1:${key()}`));

  it("round-trips a token and stores it as v1.<keyId>.<iv>.<ciphertext+tag> without the plaintext", () => {
    const sealed = vault.encrypt(TOKEN, rowId);
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed.ciphertext).not.toContain("access-");
    expect(vault.decrypt(sealed.ciphertext, rowId)).toBe(TOKEN);
  });

  it("uses a fresh random IV each time", () => {
    const a = vault.encrypt(TOKEN, rowId).ciphertext;
    const b = vault.encrypt(TOKEN, rowId).ciphertext;
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("fails loudly when a byte of the ciphertext, the tag or the IV was changed", () => {
    const { ciphertext } = vault.encrypt(TOKEN, rowId);
    expectVaultError(() => vault.decrypt(tamper(ciphertext, 3, 0), rowId), "authentication_failed");
    const dataLength = Buffer.from(ciphertext.split(".")[3] ?? "", "base64url").length;
    expectVaultError(() => vault.decrypt(tamper(ciphertext, 3, dataLength - 1), rowId), "authentication_failed");
    expectVaultError(() => vault.decrypt(tamper(ciphertext, 2, 5), rowId), "authentication_failed");
  });

  it("refuses a ciphertext moved to another row (wrong AAD)", () => {
    const { ciphertext } = vault.encrypt(TOKEN, rowId);
    expectVaultError(() => vault.decrypt(ciphertext, randomUUID()), "authentication_failed");
  });

  it("refuses a ciphertext naming a key id that is not in the ring", () => {
    const other = createTokenVault(parseKeyRing(`k9:${key()}`));
    const { ciphertext } = other.encrypt(TOKEN, rowId);
    expectVaultError(() => vault.decrypt(ciphertext, rowId), "unknown_key");
  });

  it("refuses a ciphertext from a different key that reuses the same id", () => {
    const impostor = createTokenVault(parseKeyRing(`k1:${key()}`));
    const { ciphertext } = impostor.encrypt(TOKEN, rowId);
    expectVaultError(() => vault.decrypt(ciphertext, rowId), "authentication_failed");
  });

  it("refuses malformed values", () => {
    for (const bad of ["", TOKEN, "v2.k1.aaaa.bbbb", "v1.k1.short.AAAAAAAAAAAAAAAAAAAAAAAA", "v1.k1.!!!.???", "v1..a.b"]) {
      expectVaultError(() => vault.decrypt(bad, rowId), "malformed");
    }
  });

  it("after rotation encrypts with the new first key and still reads the old key's tokens", () => {
    const oldKey = key();
    const before = createTokenVault(parseKeyRing(`old:${oldKey}`));
    const sealedOld = before.encrypt(TOKEN, rowId);
    const after = createTokenVault(parseKeyRing(`new:${key()},old:${oldKey}`));
    expect(after.currentKeyId).toBe("new");
    expect(after.keyIdOf(sealedOld.ciphertext)).toBe("old");
    expect(after.decrypt(sealedOld.ciphertext, rowId)).toBe(TOKEN);
    const sealedNew = after.encrypt(TOKEN, rowId);
    expect(sealedNew.keyId).toBe("new");
    expectVaultError(() => before.decrypt(sealedNew.ciphertext, rowId), "unknown_key");
  });
});

describe("key ring", () => {
  it("takes the first key as current and accepts url-safe base64", () => {
    const urlSafe = randomBytes(32).toString("base64url");
    const ring = parseKeyRing(` a:${key()} , b:${urlSafe}`);
    expect(ring.current.id).toBe("a");
    expect([...ring.byId.keys()]).toEqual(["a", "b"]);
  });

  it.each([
    ["empty", ""],
    ["missing id", `:${randomBytes(32).toString("base64")}`],
    ["short key", `a:${randomBytes(16).toString("base64")}`],
    ["not base64", "a:not base64 at all!"],
    ["dot in id", `a.b:${randomBytes(32).toString("base64")}`],
  ])("rejects %s without echoing the key", (_label, spec) => {
    expectVaultError(() => parseKeyRing(spec), "invalid_key_ring");
  });

  it("rejects a repeated key id", () => {
    expectVaultError(() => parseKeyRing(`a:${key()},a:${key()}`), "invalid_key_ring");
  });
});
