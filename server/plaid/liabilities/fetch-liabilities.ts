import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { accountLiabilities, plaidAccounts } from "@/db/schema";
import { callPlaid } from "../call-plaid";
import { fetchItemProduct, type ProductFetchOutcome } from "../fetch-item-product";
import type { PlaidDeps } from "../services";
import { liabilitiesGetSchema } from "./liabilities-schema";
import { liabilityRows } from "./liability-rows";

/**
 * The item's credit card, student loan and mortgage details (`/liabilities/get`), replacing what
 * was stored for the item. Only accounts we hold are stored (Link may have left some out).
 * NO_LIABILITY_ACCOUNTS, PRODUCTS_NOT_SUPPORTED and ADDITIONAL_CONSENT_REQUIRED store nothing and
 * mark the item's liabilities unavailable with the reason.
 */
export function fetchLiabilities(deps: { db: Database; plaid: PlaidDeps }, itemId: string): Promise<ProductFetchOutcome> {
  return fetchItemProduct(deps, itemId, {
    product: "liabilities",
    endpoint: "/liabilities/get",
    fetch: async (accessToken) =>
      liabilityRows(liabilitiesGetSchema.parse(await callPlaid("/liabilities/get", () => deps.plaid.client.liabilitiesGet({ access_token: accessToken })))),
    replace: async (tx, item, rows) => {
      const accounts = await tx
        .select({ id: plaidAccounts.id, plaidAccountId: plaidAccounts.plaidAccountId })
        .from(plaidAccounts)
        .where(and(eq(plaidAccounts.itemId, item.id), eq(plaidAccounts.userId, item.userId)));
      const at = new Date();
      const values = accounts.flatMap((account) => {
        const fields = rows.get(account.plaidAccountId);
        return fields ? [{ ...fields, accountId: account.id, itemId: item.id, userId: item.userId, updatedAt: at }] : [];
      });
      await tx.delete(accountLiabilities).where(eq(accountLiabilities.itemId, item.id));
      if (values.length > 0) await tx.insert(accountLiabilities).values(values);
      return values.length;
    },
    clear: async (tx, id) => {
      await tx.delete(accountLiabilities).where(eq(accountLiabilities.itemId, id));
    },
  });
}
