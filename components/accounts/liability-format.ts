import { formatDate } from "@/components/transactions/format-transaction";
import type { LoanTerms } from "@/db/liability-json";

const APR_LABELS: Record<string, string> = {
  purchase_apr: "Purchases",
  cash_apr: "Cash advances",
  balance_transfer_apr: "Balance transfers",
  special: "Special rate",
};

/** Plaid's APR type in words. */
export const aprLabel = (type: string): string => APR_LABELS[type] ?? type.replace(/_/g, " ");

/** "12.50" → "12.5%": a rate, not money, so trailing zeros go. */
export function formatPercent(percentage: string): string {
  const trimmed = percentage.includes(".") ? percentage.replace(/0+$/, "").replace(/\.$/, "") : percentage;
  return `${trimmed}%`;
}

const words = (value: string) => {
  const text = value.toLowerCase().replace(/_/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** The loan terms Plaid gave, as label/value rows in a fixed order; absent fields are left out. */
export function loanTermRows(terms: LoanTerms | null, money: (amount: string | null) => string): [string, string][] {
  if (!terms) return [];
  const rows: [string, string | null | undefined, (value: string) => string][] = [
    ["Loan", terms.loanName, (v) => v],
    ["Type", terms.loanType, words],
    ["Status", terms.loanStatus, words],
    ["Status until", terms.loanStatusEndDate, formatDate],
    ["Repayment plan", terms.repaymentPlan, words],
    ["Rate type", terms.interestRateType, words],
    ["Term", terms.loanTerm, (v) => v],
    ["Originated", terms.originationDate, formatDate],
    ["Original principal", terms.originationPrincipalAmount, money],
    ["Matures", terms.maturityDate, formatDate],
    ["Expected payoff", terms.expectedPayoffDate, formatDate],
    ["Outstanding interest", terms.outstandingInterestAmount, money],
    ["Escrow balance", terms.escrowBalance, money],
    ["Past due", terms.pastDueAmount, money],
    ["Late fee", terms.currentLateFee, money],
    ["Interest paid this year", terms.ytdInterestPaid, money],
    ["Principal paid this year", terms.ytdPrincipalPaid, money],
    ["Guarantor", terms.guarantor, (v) => v],
  ];
  const out: [string, string][] = rows.flatMap(([label, value, format]) => (value === null || value === undefined || value === "" ? [] : [[label, format(value)] as [string, string]]));
  if (terms.hasPmi !== null && terms.hasPmi !== undefined) out.push(["Mortgage insurance (PMI)", terms.hasPmi ? "Yes" : "No"]);
  if (terms.hasPrepaymentPenalty !== null && terms.hasPrepaymentPenalty !== undefined) out.push(["Prepayment penalty", terms.hasPrepaymentPenalty ? "Yes" : "No"]);
  return out;
}
