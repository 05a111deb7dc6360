import { randomUUID } from "node:crypto";
import type { DatabaseHandle } from "@/db/client";
import { plaidItems, users } from "@/db/schema";
import { plaidWebhookBody, type TestWebhookSigner } from "@/server/plaid/testing/test-webhook-signer";

export interface SignedDelivery {
  body: string;
  jwt: string;
}

/**
 * One user with `itemCount` stored items, and `total` distinct SYNC_UPDATES_AVAILABLE deliveries
 * spread over them, signed up front: Plaid does the signing, so it stays outside the timed loop.
 */
export async function seedItemsAndSignDeliveries(
  handle: DatabaseHandle,
  signer: TestWebhookSigner,
  options: { itemCount: number; total: number },
): Promise<SignedDelivery[]> {
  const userId = randomUUID();
  await handle.db.insert(users).values({ id: userId, email: `${userId}@bench.test` });
  const plaidItemIds = Array.from({ length: options.itemCount }, () => `bench-item-${randomUUID()}`);
  await handle.db
    .insert(plaidItems)
    .values(plaidItemIds.map((plaidItemId) => ({ userId, plaidItemId, accessTokenCiphertext: "v1.k.iv.x", accessTokenKeyId: "k" })));
  return Promise.all(
    Array.from({ length: options.total }, async (_, i) => {
      const body = plaidWebhookBody({
        webhook_type: "TRANSACTIONS",
        webhook_code: "SYNC_UPDATES_AVAILABLE",
        item_id: plaidItemIds[i % options.itemCount],
        initial_update_complete: true,
        historical_update_complete: i % 2 === 0,
        bench_sequence: i,
      });
      return { body, jwt: await signer.sign(body) };
    }),
  );
}
