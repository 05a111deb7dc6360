import { callPlaid } from "./call-plaid";
import type { PlaidDeps } from "./services";

export interface LinkToken {
  linkToken: string;
  expiration: string;
}

/**
 * A Link token for this user. With `accessToken` it opens Link in update mode for that item,
 * which takes no products (the item keeps the ones it has); `addAccounts` lets the user pick
 * accounts the bank added since (Plaid's NEW_ACCOUNTS_AVAILABLE).
 */
export async function createLinkToken(
  deps: PlaidDeps,
  request: { userId: string; accessToken?: string; addAccounts?: boolean },
): Promise<LinkToken> {
  const { config } = deps;
  const data = await callPlaid("/link/token/create", () =>
    deps.client.linkTokenCreate({
      client_name: config.clientName,
      language: config.language,
      country_codes: config.countryCodes,
      user: { client_user_id: request.userId },
      webhook: config.webhookUrl,
      ...(request.accessToken ? { access_token: request.accessToken } : { products: config.products }),
      ...(request.accessToken && request.addAccounts ? { update: { account_selection_enabled: true } } : {}),
    }),
  );
  return { linkToken: data.link_token, expiration: data.expiration };
}
