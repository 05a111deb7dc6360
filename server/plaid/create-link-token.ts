import { callPlaid } from "./call-plaid";
import type { PlaidDeps } from "./services";

export interface LinkToken {
  linkToken: string;
  expiration: string;
}

/**
 * A Link token for this user. With `accessToken` it opens Link in update mode for that item,
 * which takes no products (the item keeps the ones it has); `addAccounts` lets the user pick
 * accounts the bank added since (Plaid's NEW_ACCOUNTS_AVAILABLE). Both kinds carry the OAuth
 * `redirect_uri` when one is configured: an OAuth bank can ask for a new login in update mode too.
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
      ...(config.redirectUri ? { redirect_uri: config.redirectUri } : {}),
      ...(request.accessToken
        ? { access_token: request.accessToken }
        : {
            products: config.products,
            // Liabilities by default: asked for, but a bank without it still links (the data just is not there).
            ...(config.optionalProducts?.length ? { optional_products: config.optionalProducts } : {}),
          }),
      ...(request.accessToken && request.addAccounts ? { update: { account_selection_enabled: true } } : {}),
    }),
  );
  return { linkToken: data.link_token, expiration: data.expiration };
}
