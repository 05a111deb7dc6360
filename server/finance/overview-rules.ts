import { sql, type SQL } from "drizzle-orm";
import { plaidAccounts, plaidTransactions } from "@/db/schema";

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

/** Counts toward spending and income: posted, and not a transfer or a debt payment. */
export const countsAsSpendingOrIncome: SQL = sql`(${plaidTransactions.categoryPrimary} is null or ${plaidTransactions.categoryPrimary} not in (${sql.join(
  NOT_SPENDING_OR_INCOME.map((category) => sql`${category}`),
  sql`, `,
)}))`;
