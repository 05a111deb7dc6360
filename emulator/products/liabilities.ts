import { type AccountRecord } from "../generate/accounts";
import { addDays, dayOfMonth } from "../generate/dates";
import { seededRng } from "../generate/random";
import { type ItemData } from "../state/item-data";
import { type ItemRecord, type TxnRecord } from "../state/schema";

// `/liabilities/get`: the credit card, student loan and mortgage as Plaid describes them, seeded
// per item and consistent with the transactions (last payments are the latest card and loan
// payment rows). Dates follow the emulator clock: statements close on the 28th and are due on the
// 25th of the next month; the student loan is due on the 15th, the mortgage on the 1st. Fields
// changed through the liabilities control are laid over the computed values.

export type LiabilityKind = "credit" | "student" | "mortgage";

export function liabilityKind(account: AccountRecord): LiabilityKind | null {
  if (account.kind === "credit") return "credit";
  if (account.kind === "loan" && account.subtype === "student") return "student";
  if (account.kind === "mortgage") return "mortgage";
  return null;
}

export function isLiabilityAccount(account: AccountRecord): boolean {
  return liabilityKind(account) !== null;
}

const money = (cents: number): number => Math.round(cents) / 100;

function monthStart(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The latest `day` of a month on or before `today`. */
function latestDay(today: string, day: number): string {
  const thisMonth = `${today.slice(0, 8)}${String(day).padStart(2, "0")}`;
  return dayOfMonth(today) >= day ? thisMonth : `${addDays(monthStart(today), -1).slice(0, 8)}${String(day).padStart(2, "0")}`;
}

/** The first `day` of a month strictly after `date`. */
function nextDay(date: string, day: number): string {
  const sameMonth = `${date.slice(0, 8)}${String(day).padStart(2, "0")}`;
  return dayOfMonth(date) < day ? sameMonth : `${addDays(monthStart(date), 32).slice(0, 8)}${String(day).padStart(2, "0")}`;
}

function latestPayment(data: ItemData, accountId: string, stream: string): TxnRecord | undefined {
  let latest: TxnRecord | undefined;
  for (const txn of data.txns.values()) {
    if (txn.accountId !== accountId || txn.stream !== stream || txn.pending) continue;
    if (latest === undefined || txn.date > latest.date) latest = txn;
  }
  return latest;
}

function digits(item: ItemRecord, label: string, length: number): string {
  const rng = seededRng(item.seed, item.ordinal, "liability", label);
  return Array.from({ length }, () => String(rng.int(0, 9))).join("");
}

function creditLiability(item: ItemRecord, data: ItemData, account: AccountRecord, today: string): Record<string, unknown> {
  const balanceCents = Math.round(account.current * 100);
  const interestCents = Math.round((balanceCents * 0.125) / 12);
  const statement = latestDay(today, 28);
  // Card payments land on the card as negative (money in) rows; Plaid reports them as positive.
  const payment = latestPayment(data, account.accountId, "cardPaymentIn");
  return {
    account_id: account.accountId,
    aprs: [
      { apr_percentage: 12.5, apr_type: "purchase_apr", balance_subject_to_apr: money(balanceCents), interest_charge_amount: money(interestCents) },
      { apr_percentage: 27.95, apr_type: "cash_apr", balance_subject_to_apr: 0, interest_charge_amount: 0 },
      { apr_percentage: 0, apr_type: "balance_transfer_apr", balance_subject_to_apr: 0, interest_charge_amount: 0 },
    ],
    is_overdue: false,
    last_payment_amount: payment === undefined ? null : money(Math.abs(payment.amountCents)),
    last_payment_date: payment?.date ?? null,
    last_statement_issue_date: statement,
    last_statement_balance: money(balanceCents),
    minimum_payment_amount: money(Math.min(balanceCents, Math.max(2500, Math.round(balanceCents * 0.01) + interestCents))),
    next_payment_due_date: nextDay(statement, 25),
  };
}

function studentLiability(item: ItemRecord, data: ItemData, account: AccountRecord, today: string): Record<string, unknown> {
  const rng = seededRng(item.seed, item.ordinal, "liability", "student");
  const rate = rng.pick([4.53, 5.05, 5.5, 6.54]);
  const originationYear = Number(today.slice(0, 4)) - rng.int(3, 8);
  const originationDate = `${originationYear}-08-${String(rng.int(10, 28)).padStart(2, "0")}`;
  const payoffDate = `${originationYear + 10}-${originationDate.slice(5)}`;
  const balanceCents = Math.round(account.current * 100);
  const payment = latestPayment(data, findChecking(data)?.accountId ?? "", "loanPayment");
  const monthlyCents = payment?.amountCents ?? rng.int(180, 420) * 100;
  const paymentsMade = (Number(today.slice(0, 4)) - originationYear) * 12 - 6;
  return {
    account_id: account.accountId,
    account_number: digits(item, "student", 10),
    disbursement_dates: [originationDate],
    expected_payoff_date: payoffDate,
    guarantor: "DEPT OF ED",
    interest_rate_percentage: rate,
    is_overdue: false,
    last_payment_amount: payment === undefined ? null : money(payment.amountCents),
    last_payment_date: payment?.date ?? null,
    last_statement_balance: money(balanceCents),
    last_statement_issue_date: latestDay(today, 1),
    loan_name: "Consolidation",
    loan_status: { end_date: payoffDate, type: "repayment" },
    minimum_payment_amount: money(monthlyCents),
    next_payment_due_date: nextDay(today, 15),
    origination_date: originationDate,
    origination_principal_amount: money(Math.round(balanceCents * 1.35)),
    outstanding_interest_amount: money(Math.round((balanceCents * rate) / 100 / 12)),
    payment_reference_number: digits(item, "student-ref", 10),
    pslf_status: { estimated_eligibility_date: null, payments_made: paymentsMade, payments_remaining: Math.max(0, 120 - paymentsMade) },
    repayment_plan: { description: "Standard Repayment", type: "standard" },
    sequence_number: "1",
    servicer_address: { city: "Pittsburgh", region: "PA", street: "123 Platypus Servicing Way", postal_code: "15222", country: "US" },
    ytd_interest_paid: money(Math.round((balanceCents * rate) / 100 / 12) * Math.max(1, Number(today.slice(5, 7)) - 1)),
    ytd_principal_paid: money(Math.round(monthlyCents * 0.6) * Math.max(1, Number(today.slice(5, 7)) - 1)),
  };
}

function mortgageLiability(item: ItemRecord, account: AccountRecord, today: string): Record<string, unknown> {
  const rng = seededRng(item.seed, item.ordinal, "liability", "mortgage");
  const rate = rng.pick([3.25, 3.99, 4.75, 6.125]);
  const originationYear = Number(today.slice(0, 4)) - rng.int(2, 12);
  const originationDate = `${originationYear}-${String(rng.int(1, 12)).padStart(2, "0")}-01`;
  const balanceCents = Math.round(account.current * 100);
  const monthlyCents = Math.round(balanceCents / 240 + (balanceCents * rate) / 100 / 12);
  const monthsThisYear = Number(today.slice(5, 7));
  return {
    account_id: account.accountId,
    account_number: digits(item, "mortgage", 10),
    current_late_fee: 0,
    escrow_balance: money(rng.int(1500, 6000) * 100),
    has_pmi: false,
    has_prepayment_penalty: false,
    interest_rate: { percentage: rate, type: "fixed" },
    last_payment_amount: money(monthlyCents),
    last_payment_date: latestDay(today, 1),
    loan_type_description: "conventional",
    loan_term: "30 year",
    maturity_date: `${originationYear + 30}-${originationDate.slice(5)}`,
    next_monthly_payment: money(monthlyCents),
    next_payment_due_date: nextDay(today, 1),
    origination_date: originationDate,
    origination_principal_amount: money(Math.round(balanceCents * 1.25)),
    past_due_amount: 0,
    property_address: { city: "Malakoff", country: "US", postal_code: "14236", region: "NY", street: "2992 Cameron Road" },
    ytd_interest_paid: money(Math.round((balanceCents * rate) / 100 / 12) * monthsThisYear),
    ytd_principal_paid: money(Math.round(balanceCents / 240) * monthsThisYear),
  };
}

function findChecking(data: ItemData): AccountRecord | undefined {
  return data.accounts.find((account) => account.kind === "checking");
}

export interface Liabilities {
  credit: Record<string, unknown>[];
  student: Record<string, unknown>[];
  mortgage: Record<string, unknown>[];
}

/** The liabilities of the item's liability accounts (optionally only `accountIds`), with control changes applied. */
export function itemLiabilities(item: ItemRecord, data: ItemData, today: string, accountIds?: readonly string[]): Liabilities {
  const result: Liabilities = { credit: [], student: [], mortgage: [] };
  for (const account of data.accounts) {
    if (accountIds !== undefined && !accountIds.includes(account.accountId)) continue;
    const kind = liabilityKind(account);
    if (kind === null) continue;
    const computed =
      kind === "credit" ? creditLiability(item, data, account, today) : kind === "student" ? studentLiability(item, data, account, today) : mortgageLiability(item, account, today);
    result[kind].push({ ...computed, ...item.liabilityChanges[account.accountId] });
  }
  return result;
}

/** The fields a control may change for an account's liability (its top-level keys, minus the id). */
export function changeableFields(item: ItemRecord, data: ItemData, accountId: string, today: string): string[] | null {
  const all = itemLiabilities(item, data, today, [accountId]);
  const liability = all.credit[0] ?? all.student[0] ?? all.mortgage[0];
  return liability === undefined ? null : Object.keys(liability).filter((key) => key !== "account_id");
}
