import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type Emulator } from "../context";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { validateRedirectUri } from "../link/redirect-uri";
import { type LinkTokenRecord } from "../state/schema";
import { itemForAccessToken } from "./access";

const LINK_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;

const Products = z.array(z.string()).nullish();

const Body = z.object({
  client_name: z.string().min(1),
  language: z.string().min(1),
  country_codes: z.array(z.string()).min(1),
  user: z.object({ client_user_id: z.string().min(1) }),
  products: Products,
  optional_products: Products,
  required_if_supported_products: Products,
  additional_consented_products: Products,
  webhook: z.url().optional(),
  access_token: z.string().nullish(),
  redirect_uri: z.string().nullish(),
});

export type LinkTokenFields = Omit<LinkTokenRecord, "token" | "createdAt" | "expiresAt">;

/** Stores a link token (4 h, like Plaid's) for the API route and the emulator's own control. */
export function issueLinkToken(emu: Emulator, fields: LinkTokenFields): { token: string; expiresAt: number } {
  const now = emu.clock.now();
  const token = `link-sandbox-${randomUUID()}`;
  emu.store.linkTokens.set(token, { token, createdAt: now, expiresAt: now + LINK_TOKEN_TTL_MS, ...fields });
  emu.store.changed();
  return { token, expiresAt: now + LINK_TOKEN_TTL_MS };
}

// `/link/token/create`: a new-item token, or with `access_token` an update-mode token for that item
// (which may ask for `additional_consented_products`). `redirect_uri` makes OAuth banks leave the
// page; it must be on the allowed list.
export const linkTokenCreate = defineRoute("/link/token/create", Body, ({ emu }, body) => {
  let itemId: string | null = null;
  if (body.access_token !== undefined && body.access_token !== null) {
    // Update mode is how a broken login gets fixed, so an item in error is fine here.
    itemId = itemForAccessToken(emu, body.access_token, { allowItemError: true }).itemId;
  } else if (body.products === undefined || body.products === null || body.products.length === 0) {
    throw new PlaidApiError("INVALID_FIELD", "products must be provided unless access_token is set (update mode)");
  }
  const redirectUri = body.redirect_uri ?? null;
  if (redirectUri !== null && redirectUri !== "") validateRedirectUri(emu, redirectUri);
  const { token, expiresAt } = issueLinkToken(emu, {
    webhook: body.webhook ?? null,
    itemId,
    countryCodes: body.country_codes,
    products: body.products ?? [],
    optionalProducts: body.optional_products ?? [],
    requiredIfSupportedProducts: body.required_if_supported_products ?? [],
    additionalConsentedProducts: body.additional_consented_products ?? [],
    redirectUri: redirectUri === "" ? null : redirectUri,
    clientName: body.client_name,
  });
  return { link_token: token, expiration: new Date(expiresAt).toISOString() };
});
