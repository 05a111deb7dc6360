import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { plaidAccounts, plaidTransactions, transactionMonthTotals } from "@/db/schema";

/**
 * Moving money between your own accounts, and paying a card or a loan from another account, is
 * neither spending nor income: counting it would count the same money twice.
 */
export const NOT_SPENDING_OR_INCOME = ["TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS"] as const;

/** Account types whose balance is money owed (Plaid reports it as a positive number). */
export const DEBT_ACCOUNT_TYPES = ["credit", "loan"] as const;

/** A transaction's currency: the ISO code, or the unofficial one (e.g. a crypto ticker). */
export const transactionCurrency: SQL<string | null> = sql<
  string | null
>`coalesce(${plaidTransactions.isoCurrencyCode}, ${plaidTransactions.unofficialCurrencyCode})`;

export const accountCurrency: SQL<string | null> = sql<
  string | null
>`coalesce(${plaidAccounts.isoCurrencyCode}, ${plaidAccounts.unofficialCurrencyCode})`;

/** Counts toward spending and income: not a transfer or a debt payment (posted is checked apart). */
const notTransferOrDebtPayment = (category: PgColumn): SQL =>
  sql`(${category} is null or ${category} not in (${sql.join(
    NOT_SPENDING_OR_INCOME.map((name) => sql`${name}`),
    sql`, `,
  )}))`;

/** The rule on transaction rows. */
export const countsAsSpendingOrIncome: SQL = notTransferOrDebtPayment(plaidTransactions.categoryPrimary);
/** The same rule on transaction_month_totals, whose groups keep the category. */
export const monthTotalCountsAsSpendingOrIncome: SQL = notTransferOrDebtPayment(transactionMonthTotals.categoryPrimary);
