import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { plaidAccounts, plaidItems, plaidTransactions } from "@/db/schema";
import { transactionListColumns } from "./transaction-columns";
import { transactionFilterConditions, type TransactionFilters, type TransactionSort } from "./transaction-filters";

const t = plaidTransactions;

/**
 * A keyset position: the sort key of a row and its id, as `<key>~<id>` (a date or a decimal
 * amount never contains "~"). Opaque to the client; it goes into the URL as it is.
 */
export type TransactionCursor = string;

export interface ExploreQuery {
  userId: string;
  filters: TransactionFilters;
  limit: number;
  /** Rows after this position in the sort order (the next page). */
  after?: TransactionCursor | null;
  /** Rows before this position (the previous page). Ignored when `after` is given. */
  before?: TransactionCursor | null;
}

export interface ExploredTransaction {
  id: string;
  date: string;
  authorizedDate: string | null;
  name: string;
  merchantName: string | null;
  category: string | null;
  categoryDetailed: string | null;
  /** Plaid's sign: positive = money out. A decimal string, never a float. */
  amount: string;
  currency: string | null;
  pending: boolean;
  accountId: string | null;
  accountName: string | null;
  accountMask: string | null;
  institutionName: string | null;
  /** The effective category (the person's, a rule's, or Plaid's seeded one) and its name. */
  categoryId: string | null;
  categoryName: string | null;
  /** The name the person (or a rule) gave it; null: show Plaid's. */
  displayName: string | null;
  note: string | null;
  tags: string[];
  /** Hidden from reports: listed, never counted. */
  hidden: boolean;
  /** Split into parts (reports count the parts). */
  split: boolean;
}

export interface ExplorePage {
  items: ExploredTransaction[];
  /** Where the following page starts; null on the last page. */
  nextCursor: TransactionCursor | null;
  /** Where the preceding page ends; null on the first page. */
  prevCursor: TransactionCursor | null;
}

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT_KEY = /^-?\d{1,20}(\.\d{1,20})?$/;

export class InvalidCursorError extends Error {
  constructor() {
    super("This page link is out of date. Start again from the first page.");
    this.name = "InvalidCursorError";
  }
}

function decodeCursor(cursor: TransactionCursor, sort: TransactionSort): { key: string; id: string } {
  const split = cursor.indexOf("~");
  const key = cursor.slice(0, split);
  const id = cursor.slice(split + 1);
  const keyOk = sort.startsWith("date") ? DATE_KEY.test(key) : AMOUNT_KEY.test(key);
  if (split < 1 || !keyOk || id.length === 0 || id.length > 200) throw new InvalidCursorError();
  return { key, id };
}

const sortColumn = (sort: TransactionSort) => (sort.startsWith("date") ? t.date : t.amount);

export const cursorOf = (sort: TransactionSort, row: { date: string; amount: string; id: string }): TransactionCursor =>
  `${sort.startsWith("date") ? row.date : row.amount}~${row.id}`;

/** Rows strictly beyond `cursor` in the walking direction, compared as (key, id) rows. */
function beyond(sort: TransactionSort, cursor: TransactionCursor, ascending: boolean): SQL {
  const { key, id } = decodeCursor(cursor, sort);
  const value = sort.startsWith("date") ? sql`${key}::date` : sql`${key}::numeric`;
  return ascending ? sql`(${sortColumn(sort)}, ${t.plaidTransactionId}) > (${value}, ${id})` : sql`(${sortColumn(sort)}, ${t.plaidTransactionId}) < (${value}, ${id})`;
}

/**
 * One page of the user's filtered transactions in any of the four sort orders. Keyset pagination
 * on (sort key, id) walks the (user, date, id) or (user, amount, id) index, so a deep page costs
 * what the first costs, and rows a sync inserts between two loads never shift or repeat a row.
 */
export async function exploreTransactions(db: Queryable, query: ExploreQuery): Promise<ExplorePage> {
  const { filters, limit } = query;
  const forwardAscending = filters.sort.endsWith("asc");
  const backwards = !query.after && Boolean(query.before);
  // Walking backwards means reading in the reverse order from the cursor, then flipping the page.
  const ascending = backwards ? !forwardAscending : forwardAscending;
  const conditions = await transactionFilterConditions(db, query.userId, filters);
  const cursor = query.after ?? query.before;
  if (cursor) conditions.push(beyond(filters.sort, cursor, ascending));
  const order = ascending ? asc : desc;
  const key = sortColumn(filters.sort);

  // The page is cut first on the index alone and only its rows join their accounts and banks:
  // joining first lets the planner sort every row of the user.
  const page = db
    .select({ ...transactionListColumns, authorizedDate: t.authorizedDate })
    .from(t)
    .where(and(...conditions))
    .orderBy(order(key), order(t.plaidTransactionId))
    .limit(limit + 1)
    .as("page");
  const pageKey = filters.sort.startsWith("date") ? page.date : page.amount;
  const rows = await db
    .select({
      id: page.id,
      date: page.date,
      authorizedDate: page.authorizedDate,
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
      institutionName: plaidItems.institutionName,
      categoryId: page.categoryId,
      categoryName: page.categoryName,
      displayName: page.displayName,
      note: page.note,
      tags: page.tags,
      hidden: page.hidden,
      split: page.split,
    })
    .from(page)
    // The account must be the same user's: an account id is never trusted across users.
    .leftJoin(plaidAccounts, and(eq(plaidAccounts.plaidAccountId, page.plaidAccountId), eq(plaidAccounts.userId, page.userId)))
    .leftJoin(plaidItems, eq(plaidItems.id, plaidAccounts.itemId))
    .orderBy(order(pageKey), order(page.id));

  const more = rows.length > limit;
  const items = rows.slice(0, limit);
  if (backwards) items.reverse();
  const first = items[0];
  const last = items.at(-1);
  const sort = filters.sort;
  return {
    items,
    // Forwards: more rows follow only if the read found one more. Backwards: the cursor's row (or
    // later ones) follows this page.
    nextCursor: last && (backwards || more) ? cursorOf(sort, last) : null,
    prevCursor: first && (backwards ? more : Boolean(query.after)) ? cursorOf(sort, first) : null,
  };
}
