import type { Apr, LoanTerms } from "@/db/liability-json";
import type { accountLiabilities } from "@/db/schema";
import type { LiabilitiesGet } from "./liabilities-schema";

type LiabilityFields = Omit<typeof accountLiabilities.$inferInsert, "accountId" | "itemId" | "userId" | "updatedAt">;

/** Plaid's liabilities by its account id, in the columns we store (money as decimal strings). */
export type LiabilityByPlaidAccount = Map<string, LiabilityFields>;

const money = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

export function liabilityRows(data: LiabilitiesGet): LiabilityByPlaidAccount {
  const rows: LiabilityByPlaidAccount = new Map();
  for (const card of data.liabilities.credit ?? []) {
    if (!card.account_id) continue;
    const aprs: Apr[] = (card.aprs ?? []).map((apr) => ({
      type: apr.apr_type,
      percentage: money(apr.apr_percentage),
      balanceSubjectToApr: money(apr.balance_subject_to_apr),
      interestChargeAmount: money(apr.interest_charge_amount),
    }));
    rows.set(card.account_id, {
      kind: "credit",
      aprs,
      interestRatePercentage: null,
      minimumPayment: money(card.minimum_payment_amount),
      nextPaymentDueDate: card.next_payment_due_date ?? null,
      lastPaymentAmount: money(card.last_payment_amount),
      lastPaymentDate: card.last_payment_date ?? null,
      lastStatementBalance: money(card.last_statement_balance),
      lastStatementDate: card.last_statement_issue_date ?? null,
      isOverdue: card.is_overdue ?? null,
      loanTerms: null,
    });
  }
  for (const loan of data.liabilities.student ?? []) {
    if (!loan.account_id) continue;
    const terms: LoanTerms = {
      loanName: loan.loan_name ?? null,
      loanStatus: loan.loan_status?.type ?? null,
      loanStatusEndDate: loan.loan_status?.end_date ?? null,
      repaymentPlan: loan.repayment_plan?.description ?? loan.repayment_plan?.type ?? null,
      originationDate: loan.origination_date ?? null,
      originationPrincipalAmount: money(loan.origination_principal_amount),
      expectedPayoffDate: loan.expected_payoff_date ?? null,
      outstandingInterestAmount: money(loan.outstanding_interest_amount),
      ytdInterestPaid: money(loan.ytd_interest_paid),
      ytdPrincipalPaid: money(loan.ytd_principal_paid),
      guarantor: loan.guarantor ?? null,
    };
    rows.set(loan.account_id, {
      kind: "student",
      aprs: null,
      interestRatePercentage: money(loan.interest_rate_percentage),
      minimumPayment: money(loan.minimum_payment_amount),
      nextPaymentDueDate: loan.next_payment_due_date ?? null,
      lastPaymentAmount: money(loan.last_payment_amount),
      lastPaymentDate: loan.last_payment_date ?? null,
      lastStatementBalance: money(loan.last_statement_balance),
      lastStatementDate: loan.last_statement_issue_date ?? null,
      isOverdue: loan.is_overdue ?? null,
      loanTerms: terms,
    });
  }
  for (const mortgage of data.liabilities.mortgage ?? []) {
    const terms: LoanTerms = {
      loanType: mortgage.loan_type_description ?? null,
      loanTerm: mortgage.loan_term ?? null,
      interestRateType: mortgage.interest_rate?.type ?? null,
      originationDate: mortgage.origination_date ?? null,
      originationPrincipalAmount: money(mortgage.origination_principal_amount),
      maturityDate: mortgage.maturity_date ?? null,
      escrowBalance: money(mortgage.escrow_balance),
      pastDueAmount: money(mortgage.past_due_amount),
      currentLateFee: money(mortgage.current_late_fee),
      hasPmi: mortgage.has_pmi ?? null,
      hasPrepaymentPenalty: mortgage.has_prepayment_penalty ?? null,
      ytdInterestPaid: money(mortgage.ytd_interest_paid),
      ytdPrincipalPaid: money(mortgage.ytd_principal_paid),
    };
    rows.set(mortgage.account_id, {
      kind: "mortgage",
      aprs: null,
      interestRatePercentage: money(mortgage.interest_rate?.percentage),
      // A mortgage has no "minimum": its next monthly payment is what is due.
      minimumPayment: money(mortgage.next_monthly_payment),
      nextPaymentDueDate: mortgage.next_payment_due_date ?? null,
      lastPaymentAmount: money(mortgage.last_payment_amount),
      lastPaymentDate: mortgage.last_payment_date ?? null,
      lastStatementBalance: null,
      lastStatementDate: null,
      // Plaid reports no overdue flag for mortgages; an amount past due says it.
      isOverdue: mortgage.past_due_amount === null || mortgage.past_due_amount === undefined ? null : mortgage.past_due_amount > 0,
      loanTerms: terms,
    });
  }
  return rows;
}
