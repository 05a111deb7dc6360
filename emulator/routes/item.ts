import { z } from "zod";
import { defineRoute } from "../http/router";
import { sendItemWebhook } from "../lifecycle";
import { AccessTokenBody, itemForAccessToken } from "./access";
import { renderItem, renderItemStatus } from "./render";

// `/item/get` is where an app reads an item's health, so it answers even while the item is broken.
export const itemGet = defineRoute("/item/get", AccessTokenBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token, { allowItemError: true });
  return { item: renderItem(item), status: renderItemStatus(item) };
});

// `/item/remove` revokes the access token for good; later calls answer ITEM_NOT_FOUND.
export const itemRemove = defineRoute("/item/remove", AccessTokenBody.extend({ reason_code: z.string().nullish(), reason_note: z.string().nullish() }), ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token, { allowItemError: true });
  item.removed = true;
  emu.store.changed();
  return {};
});

export const itemWebhookUpdate = defineRoute("/item/webhook/update", AccessTokenBody.extend({ webhook: z.url().nullish() }), ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token, { allowItemError: true });
  item.webhook = body.webhook ?? null;
  emu.store.changed();
  // Plaid confirms the change by sending this webhook to the new URL.
  sendItemWebhook(emu, item, "ITEM", "WEBHOOK_UPDATE_ACKNOWLEDGED", { new_webhook_url: item.webhook });
  return { item: renderItem(item) };
});
