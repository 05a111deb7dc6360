import { and, eq, isNull } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidItemProducts, plaidItems } from "@/db/schema";
import type { PlaidFailure } from "./errors";

export type GrantableProduct = "transactions" | "recurring" | "liabilities";

export const ACCESS_NOT_GRANTED = "ACCESS_NOT_GRANTED";

/**
 * ACCESS_NOT_GRANTED on one product: the user did not give that permission at an OAuth bank. It is
 * stored on the product (plaid_item_products), never as the item's status: the rest of the item
 * works, and update mode lets the user grant it ("Grant access to …"). A removed item gets no row.
 */
export async function recordAccessNotGranted(db: Queryable, itemId: string, product: GrantableProduct, failure: PlaidFailure): Promise<void> {
  const [item] = await db
    .select({ userId: plaidItems.userId })
    .from(plaidItems)
    .where(and(eq(plaidItems.id, itemId), isNull(plaidItems.removedAt)));
  if (!item) return;
  const fields = { unavailableCode: ACCESS_NOT_GRANTED, unavailableReason: failure.message, checkedAt: new Date() };
  await db
    .insert(plaidItemProducts)
    .values({ itemId, product, userId: item.userId, ...fields })
    .onConflictDoUpdate({ target: [plaidItemProducts.itemId, plaidItemProducts.product], set: fields });
}

/** After update mode: the products it may have granted, forgotten so their jobs ask Plaid again. */
export async function forgetAccessNotGranted(db: Queryable, itemId: string): Promise<GrantableProduct[]> {
  const rows = await db
    .delete(plaidItemProducts)
    .where(and(eq(plaidItemProducts.itemId, itemId), eq(plaidItemProducts.unavailableCode, ACCESS_NOT_GRANTED)))
    .returning({ product: plaidItemProducts.product });
  return rows.map((row) => row.product);
}
