import { type SandboxUser } from "../sandbox-users";
import { type TxnRecord } from "../state/schema";
import { type AccountRecord } from "./accounts";
import { addDays, dayOfMonth } from "./dates";
import { MERCHANTS, RECURRING, type Merchant } from "./merchants";
import { seededRng, type Rng } from "./random";

// Deterministic transaction history for one item: recurring income, bills and transfers, plus
// everyday purchases drawn from the merchant mix until the user's volume is reached. The last two
// days' purchases are mostly pending, so the first `advance` has pending transactions to post.

interface PurchaseTable {
  merchants: Merchant[];
  cumulative: number[];
  total: number;
}

export function purchaseTable(currency: string): PurchaseTable {
  const merchants = MERCHANTS.filter((merchant) => currency === "CAD" || merchant.currency === undefined);
  const cumulative: number[] = [];
  let total = 0;
  for (const merchant of merchants) {
    total += merchant.weight;
    cumulative.push(total);
  }
  return { merchants, cumulative, total };
}

function pickMerchant(rng: Rng, table: PurchaseTable): Merchant {
  const target = rng.next() * table.total;
  let low = 0;
  let high = table.cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((table.cumulative[mid] ?? 0) > target) high = mid;
    else low = mid + 1;
  }
  return table.merchants[low] ?? rng.pick(table.merchants);
}

function storeName(rng: Rng, merchant: Merchant): string {
  return rng.pick(merchant.descriptors).replace("#", `#${rng.int(100, 9999)}`);
}

export interface SpendingAccounts {
  checking: AccountRecord | undefined;
  credit: AccountRecord | undefined;
}

export function spendingAccounts(accounts: readonly AccountRecord[]): SpendingAccounts {
  return { checking: accounts.find((a) => a.kind === "checking"), credit: accounts.find((a) => a.kind === "credit") };
}

/** One everyday purchase on `date`; pending when `pending` is true. */
export function makePurchase(rng: Rng, table: PurchaseTable, spend: SpendingAccounts, date: string, pending: boolean): TxnRecord | undefined {
  const merchant = pickMerchant(rng, table);
  const preferCredit = merchant.account === "credit" || (merchant.account === "any" && rng.chance(0.6));
  const account = (preferCredit ? spend.credit : spend.checking) ?? spend.checking ?? spend.credit;
  if (account === undefined) return undefined;
  const lag = pending ? 0 : rng.int(0, 2);
  return {
    id: rng.id(),
    accountId: account.accountId,
    amountCents: rng.int(merchant.minDollars * 100, merchant.maxDollars * 100),
    currency: account.currency,
    date,
    authorizedDate: addDays(date, -lag),
    name: storeName(rng, merchant),
    merchantName: merchant.name,
    merchantKey: merchant.key,
    category: merchant.category,
    channel: merchant.channel,
    pending,
    pendingTransactionId: null,
  };
}

interface RecurringSpec {
  kind: keyof typeof RECURRING;
  account: AccountRecord | undefined;
  cents: number;
  channel: "online" | "in store" | "other";
}

function recurringRecord(rng: Rng, spec: RecurringSpec, date: string): TxnRecord | undefined {
  if (spec.account === undefined) return undefined;
  const source = RECURRING[spec.kind];
  return {
    id: rng.id(),
    accountId: spec.account.accountId,
    amountCents: spec.cents,
    currency: spec.account.currency,
    date,
    authorizedDate: date,
    name: source.descriptor,
    merchantName: source.name,
    merchantKey: null,
    category: source.category,
    channel: spec.channel,
    pending: false,
    pendingTransactionId: null,
    stream: spec.kind,
  };
}

export function generateTransactions(key: string, user: SandboxUser, accounts: readonly AccountRecord[], endDate: string): TxnRecord[] {
  const rng = seededRng(key, "transactions");
  const byKind = (kind: AccountRecord["kind"]): AccountRecord | undefined => accounts.find((a) => a.kind === kind);
  const checking = byKind("checking");
  const savings = byKind("savings");
  const credit = byKind("credit");
  const currency = checking?.currency ?? "USD";
  const startDate = addDays(endDate, -(user.days - 1));

  const salary = rng.int(1800, 3600) * 100;
  const rent = rng.int(14, 28) * 10_000;
  const payrollOffset = rng.int(0, 13);
  const records: TxnRecord[] = [];
  const push = (record: TxnRecord | undefined): void => {
    if (record !== undefined) records.push(record);
  };

  // Recurring rows: income every other Friday-ish, bills on fixed days of the month.
  const dates = Array.from({ length: user.days }, (_, offset) => addDays(startDate, offset));
  for (const [offset, date] of dates.entries()) {
    const day = dayOfMonth(date);
    if ((offset + payrollOffset) % 14 === 0) push(recurringRecord(rng, { kind: "payroll", account: checking, cents: -salary, channel: "other" }, date));
    if (day === 1) push(recurringRecord(rng, { kind: "rent", account: checking, cents: rent, channel: "other" }, date));
    if (day === 2) {
      const amount = rng.int(1, 6) * 5000;
      push(recurringRecord(rng, { kind: "savingsOut", account: checking, cents: amount, channel: "other" }, date));
      push(recurringRecord(rng, { kind: "savingsIn", account: savings, cents: -amount, channel: "other" }, date));
    }
    if (day === 5) push(recurringRecord(rng, { kind: "netflix", account: credit, cents: 1549, channel: "online" }, date));
    if (day === 12) push(recurringRecord(rng, { kind: "spotify", account: credit, cents: 1099, channel: "online" }, date));
    if (day === 15) push(recurringRecord(rng, { kind: "loanPayment", account: checking, cents: rng.int(180, 420) * 100, channel: "online" }, date));
    if (day === 18) push(recurringRecord(rng, { kind: "internet", account: checking, cents: 7999, channel: "online" }, date));
    if (day === 22) push(recurringRecord(rng, { kind: "power", account: checking, cents: rng.int(6000, 14000), channel: "online" }, date));
    if (day === 25) {
      const amount = rng.int(300, 1800) * 100;
      push(recurringRecord(rng, { kind: "cardPaymentOut", account: checking, cents: amount, channel: "other" }, date));
      push(recurringRecord(rng, { kind: "cardPaymentIn", account: credit, cents: -amount, channel: "other" }, date));
    }
    if (day === 28) push(recurringRecord(rng, { kind: "interest", account: savings, cents: -rng.int(1, 250), channel: "other" }, date));
  }

  // Everyday purchases, spread uniformly over the days, until the user's volume is reached.
  const table = purchaseTable(currency);
  const spend: SpendingAccounts = { checking, credit };
  const purchases = Math.max(0, user.transactions - records.length);
  const recentFrom = addDays(endDate, -1);
  for (let i = 0; i < purchases; i++) {
    const date = dates[rng.int(0, dates.length - 1)] ?? endDate;
    push(makePurchase(rng, table, spend, date, date >= recentFrom && rng.chance(0.8)));
  }

  records.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return records;
}
