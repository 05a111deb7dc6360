import { type PlaidRoute } from "../http/router";
import { accountsBalanceGet, accountsGet } from "./accounts";
import { identityGet } from "./identity";
import { institutionsGetById } from "./institutions";
import { liabilitiesGet } from "./liabilities";
import { itemGet, itemRemove, itemWebhookUpdate } from "./item";
import { linkTokenCreate } from "./link-token";
import { publicTokenExchange, sandboxPublicTokenCreate } from "./public-token";
import { sandboxFireWebhook, sandboxResetLogin, sandboxTransactionsCreate } from "./sandbox";
import { transactionsRecurringGet } from "./transactions-recurring";
import { transactionsRefresh } from "./transactions-refresh";
import { transactionsSync } from "./transactions-sync";
import { webhookVerificationKeyGet } from "./webhook-key";

/** Every Plaid endpoint the emulator answers, at Plaid's paths. */
export const PLAID_ROUTES: readonly PlaidRoute[] = [
  linkTokenCreate,
  publicTokenExchange,
  sandboxPublicTokenCreate,
  itemGet,
  itemRemove,
  itemWebhookUpdate,
  institutionsGetById,
  accountsGet,
  accountsBalanceGet,
  identityGet,
  transactionsSync,
  transactionsRefresh,
  transactionsRecurringGet,
  liabilitiesGet,
  webhookVerificationKeyGet,
  sandboxFireWebhook,
  sandboxResetLogin,
  sandboxTransactionsCreate,
];
