import { z } from "zod";
import { PlaidApiError } from "../errors";
import { isoDate } from "../generate/dates";
import { defineRoute } from "../http/router";
import { requireProduct } from "../products/consent";
import { recurringStreams, streamFingerprint } from "../products/recurring-streams";
import { AccessTokenBody, itemForAccessToken, unknownAccountIds } from "./access";

const Body = AccessTokenBody.extend({
  account_ids: z.array(z.string()).optional(),
  options: z.object({}).loose().optional(),
});

// `/transactions/recurring/get`: an add-on to Transactions, answered once the historical update is
// complete (Plaid's docs: call it after `historical_update_complete`). Before that the streams
// would be built from a month of data, so it answers PRODUCT_NOT_READY.
export const transactionsRecurringGet = defineRoute("/transactions/recurring/get", Body, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  requireProduct(emu, item, "transactions");
  if (!item.ready || !item.historyComplete) throw new PlaidApiError("PRODUCT_NOT_READY", "recurring transactions are available once the historical update is complete");
  const data = emu.store.data(item);
  const unknown = unknownAccountIds(data, body.account_ids);
  if (unknown.length > 0) throw new PlaidApiError("INVALID_ACCOUNT_ID", `account_ids not on this item: ${unknown.join(", ")}`);
  const today = isoDate(emu.clock.now());
  const all = recurringStreams(item, data, today);
  // The first answer is the baseline RECURRING_TRANSACTIONS_UPDATE compares against.
  const fingerprint = streamFingerprint(all);
  if (item.recurringFingerprint !== fingerprint) {
    item.recurringFingerprint = fingerprint;
    item.recurringUpdatedAt = emu.clock.now();
    emu.store.changed();
  }
  const streams = body.account_ids === undefined ? all : recurringStreams(item, data, today, body.account_ids);
  return {
    inflow_streams: streams.inflow,
    outflow_streams: streams.outflow,
    updated_datetime: new Date(item.recurringUpdatedAt ?? emu.clock.now()).toISOString(),
    personal_finance_category_version: "v1",
  };
});
