import { PlaidApiError } from "../errors";
import { defineRoute } from "../http/router";
import { advanceItem } from "../lifecycle";
import { AccessTokenBody, itemForAccessToken } from "./access";

// `/transactions/refresh` makes the "bank" produce its next step of activity at once (pending rows
// post, new purchases arrive) and sends SYNC_UPDATES_AVAILABLE, as Plaid does after a refresh.
export const transactionsRefresh = defineRoute("/transactions/refresh", AccessTokenBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  if (!item.ready) throw new PlaidApiError("PRODUCT_NOT_READY");
  advanceItem(emu, item);
  return {};
});
