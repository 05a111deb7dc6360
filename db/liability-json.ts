import { z } from "zod";

// The JSON columns of account_liabilities, written by server/plaid/liabilities and read back by
// server/finance: one shape for both sides. Money is a decimal string, never a float.

const money = z.string().nullable();

export const aprSchema = z.object({
  // purchase_apr | cash_apr | balance_transfer_apr | special
  type: z.string(),
  percentage: z.string().nullable(),
  balanceSubjectToApr: money,
  interestChargeAmount: money,
});
export type Apr = z.infer<typeof aprSchema>;

/** Student loan and mortgage terms; each field is present for the kinds that have it. */
export const loanTermsSchema = z.object({
  loanName: z.string().nullable().optional(),
  loanType: z.string().nullable().optional(),
  loanStatus: z.string().nullable().optional(),
  loanStatusEndDate: z.string().nullable().optional(),
  repaymentPlan: z.string().nullable().optional(),
  interestRateType: z.string().nullable().optional(),
  loanTerm: z.string().nullable().optional(),
  originationDate: z.string().nullable().optional(),
  originationPrincipalAmount: money.optional(),
  maturityDate: z.string().nullable().optional(),
  expectedPayoffDate: z.string().nullable().optional(),
  outstandingInterestAmount: money.optional(),
  escrowBalance: money.optional(),
  pastDueAmount: money.optional(),
  currentLateFee: money.optional(),
  hasPmi: z.boolean().nullable().optional(),
  hasPrepaymentPenalty: z.boolean().nullable().optional(),
  ytdInterestPaid: money.optional(),
  ytdPrincipalPaid: money.optional(),
  guarantor: z.string().nullable().optional(),
});
export type LoanTerms = z.infer<typeof loanTermsSchema>;
