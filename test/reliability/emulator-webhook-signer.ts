import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { CompactSign, importJWK } from "jose";
import { z } from "zod";

const DataFileKeys = z.object({
  keys: z.array(z.object({ kid: z.string(), privateJwk: z.object({ kty: z.string(), crv: z.string(), x: z.string(), y: z.string(), d: z.string() }), expiredAt: z.number().nullable() })),
});

export type SignBody = (body: string) => Promise<string>;

/**
 * Signs webhook bodies exactly as the emulator does (ES256 compact JWS, `{ iat,
 * request_body_sha256 }`), with the emulator's own current key read from its data file, so the
 * harness can send a storm at a concurrency it controls and the apps verify it through the
 * emulator's /webhook_verification_key/get like any delivery.
 */
export async function emulatorWebhookSigner(emulatorUrl: string, dataFile: string): Promise<SignBody> {
  // Makes the emulator create its key; the data file is written within its 200 ms debounce.
  const keysResponse = await fetch(`${emulatorUrl}/__emulator/webhooks/keys`);
  const { keys } = (await keysResponse.json()) as { keys: { kid: string; expired_at: number | null }[] };
  const current = keys.find((key) => key.expired_at === null);
  if (!current) throw new Error("the emulator published no current webhook key");
  const deadline = Date.now() + 5_000;
  let record: z.infer<typeof DataFileKeys>["keys"][number] | undefined;
  while (!record) {
    if (existsSync(dataFile)) record = DataFileKeys.parse(JSON.parse(readFileSync(dataFile, "utf8"))).keys.find((key) => key.kid === current.kid);
    if (record) break;
    if (Date.now() > deadline) throw new Error(`key ${current.kid} never appeared in ${dataFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const key = await importJWK({ ...record.privateJwk, alg: "ES256" }, "ES256");
  return (body) =>
    new CompactSign(
      new TextEncoder().encode(JSON.stringify({ iat: Math.floor(Date.now() / 1000), request_body_sha256: createHash("sha256").update(body, "utf8").digest("hex") })),
    )
      .setProtectedHeader({ alg: "ES256", kid: current.kid, typ: "JWT" })
      .sign(key);
}
