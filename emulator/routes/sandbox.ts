import { z } from "zod";
import { PlaidApiError } from "../errors";
import { seededRng } from "../generate/random";
import { defineRoute } from "../http/router";
import { changeItemData, sendItemWebhook, setItemError } from "../lifecycle";
import { consentedProducts } from "../products/consent";
import { type TxnRecord } from "../state/schema";
import { AccessTokenBody, itemForAccessToken } from "./access";

const ITEM_CODES = ["ERROR", "NEW_ACCOUNTS_AVAILABLE", "USER_PERMISSION_REVOKED", "USER_ACCOUNT_REVOKED", "PENDING_DISCONNECT", "PENDING_EXPIRATION", "LOGIN_REPAIRED"];
const FIREABLE = [...ITEM_CODES, "DEFAULT_UPDATE", "SYNC_UPDATES_AVAILABLE", "RECURRING_TRANSACTIONS_UPDATE", "PRODUCT_READY", "SMS_MICRODEPOSITS_VERIFICATION", "AUTHORIZATION_GRANTED"];

const FireBody = AccessTokenBody.extend({ webhook_type: z.string().optional(), webhook_code: z.string() });

// Sends the webhook only; the item's state does not change (use reset_login or the controls for that).
export const sandboxFireWebhook = defineRoute("/sandbox/item/fire_webhook", FireBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token, { allowItemError: true });
  if (!FIREABLE.includes(body.webhook_code)) throw new PlaidApiError("INVALID_FIELD", `webhook_code must be one of ${FIREABLE.join(", ")}`);
  if (item.webhook === null || item.webhook === "") throw new PlaidApiError("SANDBOX_WEBHOOK_INVALID");
  const type = body.webhook_type ?? (ITEM_CODES.includes(body.webhook_code) ? "ITEM" : "TRANSACTIONS");
  // Plaid's sandbox refuses product webhooks for items without the product (SANDBOX_PRODUCT_NOT_ENABLED).
  const product = type === "LIABILITIES" ? "liabilities" : type === "TRANSACTIONS" ? "transactions" : null;
  if (product !== null && !consentedProducts(item).includes(product)) throw new PlaidApiError("SANDBOX_PRODUCT_NOT_ENABLED");
  sendItemWebhook(emu, item, type, body.webhook_code);
  return { webhook_fired: true };
});

export const sandboxResetLogin = defineRoute("/sandbox/item/reset_login", AccessTokenBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token, { allowItemError: true });
  setItemError(emu, item, "ITEM_LOGIN_REQUIRED");
  return { reset_login: true };
});

const CreateBody = AccessTokenBody.extend({
  transactions: z
    .array(
      z.object({
        date_transacted: z.iso.date(),
        date_posted: z.iso.date(),
        amount: z.number(),
        description: z.string().min(1),
        iso_currency_code: z.string().optional(),
      }),
    )
    .min(1)
    .max(10),
});

// Custom rows land on the item's first depository account, posted, with a generic category.
export const sandboxTransactionsCreate = defineRoute("/sandbox/transactions/create", CreateBody, ({ emu }, body) => {
  const item = itemForAccessToken(emu, body.access_token);
  const data = emu.store.data(item);
  const account = data.accounts.find((candidate) => candidate.type === "depository") ?? data.accounts[0];
  if (account === undefined) throw new PlaidApiError("INVALID_FIELD", "the item has no account to add transactions to");
  const rng = seededRng(item.seed, item.ordinal, "sandbox-create", item.ops.length);
  const txns: TxnRecord[] = body.transactions.map((row) => ({
    id: rng.id(),
    accountId: account.accountId,
    amountCents: Math.round(row.amount * 100),
    currency: row.iso_currency_code ?? account.currency,
    date: row.date_posted,
    authorizedDate: row.date_transacted,
    name: row.description,
    merchantName: null,
    merchantKey: null,
    category: "GENERAL_MERCHANDISE_OTHER_GENERAL_MERCHANDISE",
    channel: "other",
    pending: false,
    pendingTransactionId: null,
  }));
  changeItemData(emu, item, { type: "add", txns });
  return {};
});
