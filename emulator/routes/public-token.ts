import { z } from "zod";
import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { findInstitution } from "../institutions";
import { activateItem, createItem, issuePublicToken } from "../lifecycle";
import { checkCredentials } from "../sandbox-users";

// `/item/public_token/exchange`: once per public token, within 30 minutes.
export const publicTokenExchange = defineRoute("/item/public_token/exchange", z.object({ public_token: z.string() }), ({ emu }, body) => {
  const record = emu.store.publicTokens.get(body.public_token);
  if (record === undefined) throw new PlaidApiError("INVALID_PUBLIC_TOKEN");
  if (record.used) throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "public token has already been exchanged; public tokens can be exchanged only once");
  if (emu.clock.now() > record.expiresAt) {
    throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "provided public token is expired. Public tokens expire 30 minutes after creation at which point they can no longer be exchanged");
  }
  const item = emu.store.items.get(record.itemId);
  if (item === undefined || item.removed) throw new PlaidApiError("ITEM_NOT_FOUND");
  if (record.updateMode) {
    // Plaid's docs: the update-mode public token is not to be exchanged. Failing loudly here
    // catches an app that would otherwise overwrite the stored access token.
    throw new PlaidApiError("INVALID_PUBLIC_TOKEN", "this public token came from Link update mode and must not be exchanged; the item keeps its access token (emulator check)");
  }
  record.used = true;
  emu.store.changed();
  if (!item.exchanged) activateItem(emu, item);
  return { access_token: item.accessToken, item_id: item.itemId };
});

const SandboxBody = z.object({
  institution_id: z.string(),
  initial_products: z.array(z.string()).min(1),
  options: z
    .object({
      webhook: z.url().optional(),
      override_username: z.string().nullish(),
      override_password: z.string().nullish(),
    })
    .optional(),
});

// `/sandbox/public_token/create`: an item without Link, for tests. `override_username` picks the
// data volume (user_good, user_transactions_10k, user_transactions_100k); `initial_products` are
// billed and consented (include "liabilities" for the mortgage account and /liabilities/get).
export const sandboxPublicTokenCreate = defineRoute("/sandbox/public_token/create", SandboxBody, ({ emu }, body) => {
  const institution = findInstitution(body.institution_id);
  if (institution === undefined) throw new PlaidApiError("INVALID_INSTITUTION");
  const username = body.options?.override_username ?? "user_good";
  const password = body.options?.override_password ?? "pass_good";
  // MFA passwords are accepted too: Plaid's sandbox shortcut skips the challenge itself.
  if (checkCredentials(username, password) === undefined) throw new PlaidApiError("INVALID_CREDENTIALS");
  const item = createItem(emu, {
    institutionId: institution.institutionId,
    username,
    webhook: body.options?.webhook ?? null,
    products: body.initial_products,
    selectedAccountIds: null,
  });
  return { public_token: issuePublicToken(emu, item, false) };
});
