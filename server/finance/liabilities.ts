import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { aprSchema, loanTermsSchema, type Apr, type LoanTerms } from "@/db/liability-json";
import { accountLiabilities, plaidAccounts, plaidItemProducts, plaidItems } from "@/db/schema";
import { accountCurrency } from "./overview-rules";

/** A credit card's, student loan's or mortgage's details; money as decimal strings. */
export interface LiabilityView {
  accountId: string;
  kind: "credit" | "student" | "mortgage";
  /** Credit cards only (purchase, cash advance, balance transfer…). */
  aprs: Apr[];
  /** Student loans and mortgages. */
  interestRatePercentage: string | null;
  /** The minimum payment; a mortgage's next monthly payment. */
  minimumPayment: string | null;
  nextPaymentDueDate: string | null;
  lastPaymentAmount: string | null;
  lastPaymentDate: string | null;
  lastStatementBalance: string | null;
  lastStatementDate: string | null;
  isOverdue: boolean | null;
  loanTerms: LoanTerms | null;
  currency: string | null;
  updatedAt: Date;
}

export interface AccountLiability {
  accountId: string;
  /** Null when the account has no liability details (a checking account, or none fetched yet). */
  liability: LiabilityView | null;
  /** Why the account's bank gives no liability details, when Plaid said so. */
  unavailableReason: string | null;
}

export interface OverdueLiability {
  accountId: string;
  accountName: string;
  mask: string | null;
  itemId: string;
  institutionName: string | null;
  kind: "credit" | "student" | "mortgage";
  minimumPayment: string | null;
  nextPaymentDueDate: string | null;
  currency: string | null;
}

const liabilityColumns = {
  kind: accountLiabilities.kind,
  aprs: accountLiabilities.aprs,
  interestRatePercentage: accountLiabilities.interestRatePercentage,
  minimumPayment: accountLiabilities.minimumPayment,
  nextPaymentDueDate: accountLiabilities.nextPaymentDueDate,
  lastPaymentAmount: accountLiabilities.lastPaymentAmount,
  lastPaymentDate: accountLiabilities.lastPaymentDate,
  lastStatementBalance: accountLiabilities.lastStatementBalance,
  lastStatementDate: accountLiabilities.lastStatementDate,
  isOverdue: accountLiabilities.isOverdue,
  loanTerms: accountLiabilities.loanTerms,
  currency: accountCurrency,
  updatedAt: accountLiabilities.updatedAt,
};

// The JSON columns are ours, but read them back through their schema: a bad row shows as empty
// rather than reaching the client in an unexpected shape.
function viewOf(row: Omit<LiabilityView, "aprs" | "loanTerms"> & { aprs: unknown; loanTerms: unknown }): LiabilityView {
  const aprs = aprSchema.array().safeParse(row.aprs ?? []);
  const terms = row.loanTerms === null ? null : loanTermsSchema.safeParse(row.loanTerms);
  return { ...row, aprs: aprs.success ? aprs.data : [], loanTerms: terms?.success ? terms.data : null };
}

/**
 * One account's liability details, only if the account is the user's: null for another user's
 * account and for a missing one alike (the router answers NOT_FOUND for both).
 */
export async function readAccountLiability(db: Queryable, scope: { userId: string; accountId: string }): Promise<AccountLiability | null> {
  const [row] = await db
    .select({
      accountId: plaidAccounts.id,
      liabilityAccountId: accountLiabilities.accountId,
      ...liabilityColumns,
      unavailableReason: plaidItemProducts.unavailableReason,
    })
    .from(plaidAccounts)
    .leftJoin(accountLiabilities, and(eq(accountLiabilities.accountId, plaidAccounts.id), eq(accountLiabilities.userId, scope.userId)))
    .leftJoin(plaidItemProducts, and(eq(plaidItemProducts.itemId, plaidAccounts.itemId), eq(plaidItemProducts.product, "liabilities")))
    .where(and(eq(plaidAccounts.id, scope.accountId), eq(plaidAccounts.userId, scope.userId)))
    .limit(1);
  if (!row) return null;
  const { accountId, liabilityAccountId, unavailableReason, kind, updatedAt, ...fields } = row;
  // Left-joined: the liability's own columns are all null when the account has none.
  const liability = liabilityAccountId !== null && kind !== null && updatedAt !== null ? viewOf({ ...fields, accountId, kind, updatedAt }) : null;
  return { accountId, liability, unavailableReason };
}

/** The user's overdue credit cards and loans at live connections, for the overview's banner. */
export async function listOverdueLiabilities(db: Queryable, userId: string): Promise<OverdueLiability[]> {
  return db
    .select({
      accountId: plaidAccounts.id,
      accountName: plaidAccounts.name,
      mask: plaidAccounts.mask,
      itemId: plaidItems.id,
      institutionName: plaidItems.institutionName,
      kind: accountLiabilities.kind,
      minimumPayment: accountLiabilities.minimumPayment,
      nextPaymentDueDate: accountLiabilities.nextPaymentDueDate,
      currency: accountCurrency,
    })
    .from(accountLiabilities)
    .innerJoin(plaidAccounts, eq(plaidAccounts.id, accountLiabilities.accountId))
    .innerJoin(plaidItems, eq(plaidItems.id, accountLiabilities.itemId))
    .where(and(eq(accountLiabilities.userId, userId), eq(plaidItems.userId, userId), isNull(plaidItems.removedAt), eq(accountLiabilities.isOverdue, true)))
    .orderBy(sql`${accountLiabilities.nextPaymentDueDate} asc nulls last`, asc(plaidAccounts.name), asc(plaidAccounts.id));
}
