import { and, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidTransactions } from "@/db/schema";
import { transactionListColumns } from "./transaction-columns";

export interface TransactionCursor {
  date: string;
  id: string;
}

export interface TransactionListQuery {
  userId: string;
  limit: number;
  cursor?: TransactionCursor | null;
  /** plaid_accounts.id of one of the user's accounts. */
  accountId?: string | null;
  /** Matched against the name and the merchant, case-insensitively. */
  search?: string | null;
}

export interface TransactionListItem {
  id: string;
  date: string;
  name: string;
  merchantName: string | null;
  category: string | null;
  categoryDetailed: string | null;
  amount: string;
  currency: string | null;
  pending: boolean;
  accountId: string | null;
  accountName: string | null;
  accountMask: string | null;
  /** The effective category's name, the person's name for it, hidden from reports (effective-category.ts). */
  categoryName: string | null;
  displayName: string | null;
  hidden: boolean;
}

export interface TransactionPage {
  items: TransactionListItem[];
  nextCursor: TransactionCursor | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (match) => `\\${match}`);

/**
 * One page of the user's transactions, newest first. Keyset pagination on (date, id) follows the
 * (user_id, date desc, id desc) index, so page 500 costs what page 1 costs and rows synced
 * between two page loads never shift a page.
 */
export async function listUserTransactions(db: Queryable, query: TransactionListQuery): Promise<TransactionPage> {
  const t = plaidTransactions;
  const conditions: (SQL | undefined)[] = [eq(t.userId, query.userId)];
  if (query.cursor) conditions.push(sql`(${t.date}, ${t.plaidTransactionId}) < (${query.cursor.date}::date, ${query.cursor.id})`);
  if (query.accountId) {
    // Only an account of this user narrows the list; anyone else's id matches nothing.
    conditions.push(
      sql`${t.plaidAccountId} = (select ${plaidAccounts.plaidAccountId} from ${plaidAccounts} where ${plaidAccounts.id} = ${query.accountId} and ${plaidAccounts.userId} = ${query.userId})`,
    );
  }
  const search = query.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    conditions.push(or(ilike(t.name, pattern), ilike(t.merchantName, pattern)));
  }
  // The page is cut first, walking the (user_id, date desc, id desc) index, and only its rows are
  // joined to their accounts: joining first lets the planner sort every row of the user.
  const page = db
    .select(transactionListColumns)
    .from(t)
    .where(and(...conditions))
    .orderBy(desc(t.date), desc(t.plaidTransactionId))
    .limit(query.limit + 1)
    .as("page");
  const rows = await db
    .select({
      id: page.id,
      date: page.date,
      name: page.name,
      merchantName: page.merchantName,
      category: page.category,
      categoryDetailed: page.categoryDetailed,
      amount: page.amount,
      currency: page.currency,
      pending: page.pending,
      accountId: plaidAccounts.id,
      accountName: plaidAccounts.name,
      accountMask: plaidAccounts.mask,
      categoryName: page.categoryName,
      displayName: page.displayName,
      hidden: page.hidden,
    })
    .from(page)
    // The account must be the same user's: an account id is never trusted across users.
    .leftJoin(plaidAccounts, and(eq(plaidAccounts.plaidAccountId, page.plaidAccountId), eq(plaidAccounts.userId, page.userId)))
    .orderBy(desc(page.date), desc(page.id));
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? { date: last.date, id: last.id } : null };
}
