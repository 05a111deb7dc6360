import { randomUUID } from "node:crypto";
import { z } from "zod";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { itemForAccessToken } from "./access";

const LINK_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;

const Body = z.object({
  client_name: z.string().min(1),
  language: z.string().min(1),
  country_codes: z.array(z.string()).min(1),
  user: z.object({ client_user_id: z.string().min(1) }),
  products: z.array(z.string()).nullish(),
  webhook: z.url().optional(),
  access_token: z.string().nullish(),
});

// `/link/token/create`: a new-item token, or with `access_token` an update-mode token for that item.
export const linkTokenCreate = defineRoute("/link/token/create", Body, ({ emu }, body) => {
  let itemId: string | null = null;
  if (body.access_token !== undefined && body.access_token !== null) {
    // Update mode is how a broken login gets fixed, so an item in error is fine here.
    itemId = itemForAccessToken(emu, body.access_token, { allowItemError: true }).itemId;
  } else if (body.products === undefined || body.products === null || body.products.length === 0) {
    throw new PlaidApiError("INVALID_FIELD", "products must be provided unless access_token is set (update mode)");
  }
  const now = emu.clock.now();
  const token = `link-sandbox-${randomUUID()}`;
  emu.store.linkTokens.set(token, {
    token,
    createdAt: now,
    expiresAt: now + LINK_TOKEN_TTL_MS,
    webhook: body.webhook ?? null,
    itemId,
    countryCodes: body.country_codes,
    products: body.products ?? [],
    clientName: body.client_name,
  });
  emu.store.changed();
  return { link_token: token, expiration: new Date(now + LINK_TOKEN_TTL_MS).toISOString() };
});
