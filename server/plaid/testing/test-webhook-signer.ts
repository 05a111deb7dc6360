import { createHash } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import type { WebhookVerificationKey } from "@/server/plaid/webhooks/verify-webhook";

/** Test support: an ES256 key pair that signs deliveries the way Plaid does. */
export interface TestWebhookSigner {
  kid: string;
  publicKey: WebhookVerificationKey;
  privateKey: CryptoKey;
  sign(body: string | Uint8Array, options?: { iat?: number; kid?: string; sha256?: string }): Promise<string>;
}

export async function createTestWebhookSigner(kid = "test-kid-1"): Promise<TestWebhookSigner> {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = await exportJWK(publicKey);
  const key: WebhookVerificationKey = {
    alg: "ES256",
    crv: "P-256",
    kid,
    kty: "EC",
    use: "sig",
    x: jwk.x ?? "",
    y: jwk.y ?? "",
    created_at: Math.floor(Date.now() / 1000) - 3600,
    expired_at: null,
  };
  return {
    kid,
    publicKey: key,
    privateKey,
    async sign(body, options = {}) {
      const sha = options.sha256 ?? createHash("sha256").update(body).digest("hex");
      return new SignJWT({ request_body_sha256: sha })
        .setProtectedHeader({ alg: "ES256", kid: options.kid ?? kid, typ: "JWT" })
        .setIssuedAt(options.iat ?? Math.floor(Date.now() / 1000))
        .sign(privateKey);
    },
  };
}

/** A Plaid-style body: pretty-printed with two spaces, as Plaid sends it. */
export function plaidWebhookBody(fields: Record<string, unknown>): string {
  return JSON.stringify({ environment: "sandbox", ...fields }, null, 2);
}
