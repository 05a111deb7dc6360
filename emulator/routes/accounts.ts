import { z } from "zod";
import { type Emulator } from "../context";
import { defineRoute } from "../http/router";
import { AccessTokenBody, itemForAccessToken } from "./access";
import { renderAccount, renderItem } from "./render";

const Body = AccessTokenBody.extend({ options: z.object({ account_ids: z.array(z.string()).optional() }).optional() });

function answer(emu: Emulator, body: z.infer<typeof Body>, realtime: boolean): Record<string, unknown> {
  const item = itemForAccessToken(emu, body.access_token);
  const wanted = body.options?.account_ids;
  const accounts = emu.store.data(item).accounts.filter((account) => wanted === undefined || wanted.includes(account.accountId));
  return { accounts: accounts.map((account) => renderAccount(account, realtime)), item: renderItem(item) };
}

// `/accounts/get` answers cached balances; `/accounts/balance/get` "asks the bank" (a timestamp).
export const accountsGet = defineRoute("/accounts/get", Body, ({ emu }, body) => answer(emu, body, false));
export const accountsBalanceGet = defineRoute("/accounts/balance/get", Body, ({ emu }, body) => answer(emu, body, true));
