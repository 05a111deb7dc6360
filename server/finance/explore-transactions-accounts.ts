import { asc, eq } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidItems } from "@/db/schema";

export interface AccountOption {
  id: string;
  name: string;
  mask: string | null;
  bankId: string;
  bankName: string | null;
}

/** The user's accounts with their bank's name, for the explorer's bank/account filter. */
export async function listAccountOptions(db: Queryable, userId: string): Promise<AccountOption[]> {
  return db
    .select({
      id: plaidAccounts.id,
      name: plaidAccounts.name,
      mask: plaidAccounts.mask,
      bankId: plaidItems.id,
      bankName: plaidItems.institutionName,
    })
    .from(plaidAccounts)
    .innerJoin(plaidItems, eq(plaidItems.id, plaidAccounts.itemId))
    .where(eq(plaidAccounts.userId, userId))
    .orderBy(asc(plaidItems.institutionName), asc(plaidItems.createdAt), asc(plaidAccounts.name), asc(plaidAccounts.id));
}
