import { z } from "zod";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";

// Publishes a signing key by `kid`, expired ones included (with `expired_at`) so receivers can tell.
export const webhookVerificationKeyGet = defineRoute("/webhook_verification_key/get", z.object({ key_id: z.string() }), async ({ emu }, body) => {
  await emu.signer.ensureKey();
  const key = emu.signer.publicKey(body.key_id);
  if (key === undefined) throw new PlaidApiError("INVALID_WEBHOOK_VERIFICATION_KEY_ID");
  return { key };
});
