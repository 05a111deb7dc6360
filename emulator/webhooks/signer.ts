import { createHash, randomUUID } from "node:crypto";
import { CompactSign, exportJWK, generateKeyPair, importJWK, type CryptoKey } from "jose";
import { type Store } from "../state/store";
import { type SigningKeyRecord } from "../state/schema";

/** The public key exactly as `/webhook_verification_key/get` returns it. */
export interface PublicVerificationKey {
  alg: "ES256";
  crv: string;
  kid: string;
  kty: string;
  use: "sig";
  x: string;
  y: string;
  created_at: number;
  expired_at: number | null;
}

// Signs webhook bodies the way Plaid does: a compact ES256 JWS whose protected header names the key
// (`kid`) and whose payload is `{ iat, request_body_sha256 }` over the exact bytes sent. Keys live in
// the store so they survive restarts, and a rotation keeps the old key published with `expired_at`.
export class WebhookSigner {
  private imported = new Map<string, CryptoKey>();

  constructor(private readonly store: Store) {}

  private current(): SigningKeyRecord | undefined {
    return this.store.keys.find((key) => key.expiredAt === null);
  }

  async ensureKey(): Promise<SigningKeyRecord> {
    return this.current() ?? (await this.addKey());
  }

  private async addKey(): Promise<SigningKeyRecord> {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = await exportJWK(privateKey);
    if (jwk.kty === undefined || jwk.crv === undefined || jwk.x === undefined || jwk.y === undefined || jwk.d === undefined) {
      throw new Error("generated key is not an EC private key");
    }
    const record: SigningKeyRecord = {
      kid: randomUUID(),
      privateJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, d: jwk.d },
      createdAt: Math.floor(Date.now() / 1000),
      expiredAt: null,
    };
    this.store.keys.push(record);
    this.store.changed();
    return record;
  }

  /** Expires the current key (still published, with `expired_at`) and starts signing with a new one. */
  async rotate(): Promise<{ kid: string; expiredKid: string | null }> {
    const old = this.current();
    if (old !== undefined) old.expiredAt = Math.floor(Date.now() / 1000);
    const fresh = await this.addKey();
    return { kid: fresh.kid, expiredKid: old?.kid ?? null };
  }

  publicKey(kid: string): PublicVerificationKey | undefined {
    const record = this.store.keys.find((key) => key.kid === kid);
    if (record === undefined) return undefined;
    const { kty, crv, x, y } = record.privateJwk;
    return { alg: "ES256", crv, kid, kty, use: "sig", x, y, created_at: record.createdAt, expired_at: record.expiredAt };
  }

  listKeys(): PublicVerificationKey[] {
    return this.store.keys.flatMap((key) => this.publicKey(key.kid) ?? []);
  }

  async sign(body: string): Promise<string> {
    const record = await this.ensureKey();
    let key = this.imported.get(record.kid);
    if (key === undefined) {
      const imported = await importJWK({ ...record.privateJwk, alg: "ES256" }, "ES256");
      if (imported instanceof Uint8Array) throw new Error("expected an asymmetric key");
      key = imported;
      this.imported.set(record.kid, key);
    }
    const payload = {
      iat: Math.floor(Date.now() / 1000),
      request_body_sha256: createHash("sha256").update(body, "utf8").digest("hex"),
    };
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: "ES256", kid: record.kid, typ: "JWT" })
      .sign(key);
  }
}
