import { callPlaid } from "./call-plaid";
import { PlaidRequestError } from "./errors";
import type { PlaidDeps } from "./services";

/**
 * `/item/remove`: revokes the access token and stops billing. ITEM_NOT_FOUND proves the item is
 * already gone, so it counts as done; any other failure leaves the item alive and is thrown.
 */
export async function removeItemAtPlaid(deps: PlaidDeps, accessToken: string): Promise<void> {
  try {
    await callPlaid("/item/remove", () => deps.client.itemRemove({ access_token: accessToken }));
  } catch (error) {
    if (error instanceof PlaidRequestError && error.failure.kind === "item_not_found") return;
    throw error;
  }
}
