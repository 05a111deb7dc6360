import { z } from "zod";
import { PlaidApiError } from "../errors";
import { isoDate } from "../generate/dates";
import { defineRoute } from "../http/router";
import { requireProduct } from "../products/consent";
import { itemLiabilities } from "../products/liabilities";
import { AccessTokenBody, itemForAccessToken, unknownAccountIds } from "./access";
import { renderAccount, renderItem } from "./render";

const Body = AccessTokenBody.extend({ options: z.object({ account_ids: z.array(z.string()).optional() }).optional() });

// `/liabilities/get`: the item's credit card, student loan and mortgage. Needs liabilities consent
// (products / optional_products / required_if_supported_products / additional_consented_products
// at Link), a bank that offers it, and the initial update done.
export const liabilitiesGet = defineRoute("/liabilities/get", Body, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  requireProduct(emu, item, "liabilities");
  if (!item.ready) throw new PlaidApiError("PRODUCT_NOT_READY");
  const data = emu.store.data(item);
  const wanted = body.options?.account_ids;
  const unknown = unknownAccountIds(data, wanted);
  if (unknown.length > 0) throw new PlaidApiError("INVALID_ACCOUNT_ID", `account_ids not on this item: ${unknown.join(", ")}`);
  const liabilities = itemLiabilities(item, data, isoDate(emu.clock.now()), wanted);
  if (liabilities.credit.length + liabilities.student.length + liabilities.mortgage.length === 0) throw new PlaidApiError("NO_LIABILITY_ACCOUNTS");
  const accounts = data.accounts.filter((account) => wanted === undefined || wanted.includes(account.accountId));
  return { accounts: accounts.map((account) => renderAccount(account)), item: renderItem(item), liabilities };
});
