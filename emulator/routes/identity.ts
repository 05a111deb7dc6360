import { defineRoute } from "../http/router";
import { AccessTokenBody, itemForAccessToken } from "./access";
import { renderAccount, renderItem } from "./render";

export const identityGet = defineRoute("/identity/get", AccessTokenBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  const data = emu.store.data(item);
  return {
    accounts: data.accounts.map((account) => ({ ...renderAccount(account), owners: [data.owner] })),
    item: renderItem(item),
  };
});
