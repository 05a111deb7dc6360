import { z } from "zod";

// /liabilities/get, only the fields we store, parsed leniently. Account numbers, payment
// references and addresses are not read at all, so they cannot be stored by mistake.
const amount = z.number().nullish();
const day = z.iso.date().nullish();

export const creditLiabilitySchema = z.object({
  account_id: z.string().nullish(),
  aprs: z
    .array(
      z.object({
        apr_type: z.string(),
        apr_percentage: amount,
        balance_subject_to_apr: amount,
        interest_charge_amount: amount,
      }),
    )
    .nullish(),
  is_overdue: z.boolean().nullish(),
  last_payment_amount: amount,
  last_payment_date: day,
  last_statement_issue_date: day,
  last_statement_balance: amount,
  minimum_payment_amount: amount,
  next_payment_due_date: day,
});

export const studentLoanSchema = z.object({
  account_id: z.string().nullish(),
  expected_payoff_date: day,
  guarantor: z.string().nullish(),
  interest_rate_percentage: amount,
  is_overdue: z.boolean().nullish(),
  last_payment_amount: amount,
  last_payment_date: day,
  last_statement_balance: amount,
  last_statement_issue_date: day,
  loan_name: z.string().nullish(),
  loan_status: z.object({ type: z.string().nullish(), end_date: day }).nullish(),
  minimum_payment_amount: amount,
  next_payment_due_date: day,
  origination_date: day,
  origination_principal_amount: amount,
  outstanding_interest_amount: amount,
  repayment_plan: z.object({ type: z.string().nullish(), description: z.string().nullish() }).nullish(),
  ytd_interest_paid: amount,
  ytd_principal_paid: amount,
});

export const mortgageLiabilitySchema = z.object({
  account_id: z.string(),
  current_late_fee: amount,
  escrow_balance: amount,
  has_pmi: z.boolean().nullish(),
  has_prepayment_penalty: z.boolean().nullish(),
  interest_rate: z.object({ percentage: amount, type: z.string().nullish() }).nullish(),
  last_payment_amount: amount,
  last_payment_date: day,
  loan_type_description: z.string().nullish(),
  loan_term: z.string().nullish(),
  maturity_date: day,
  next_monthly_payment: amount,
  next_payment_due_date: day,
  origination_date: day,
  origination_principal_amount: amount,
  past_due_amount: amount,
  ytd_interest_paid: amount,
  ytd_principal_paid: amount,
});

export const liabilitiesGetSchema = z.object({
  liabilities: z.object({
    credit: z.array(creditLiabilitySchema).nullish(),
    student: z.array(studentLoanSchema).nullish(),
    mortgage: z.array(mortgageLiabilitySchema).nullish(),
  }),
});
export type LiabilitiesGet = z.infer<typeof liabilitiesGetSchema>;
