import { createHash } from "node:crypto";
import { addDays, dayIndex } from "../generate/dates";
import { primaryCategory } from "../generate/merchants";
import { seededRng } from "../generate/random";
import { type ItemData } from "../state/item-data";
import { type ItemRecord, type TxnRecord } from "../state/schema";

// `/transactions/recurring/get`: streams derived from the recurring activity the generator tags
// (`TxnRecord.stream`): payroll in, rent, subscriptions, utilities and the loan payment out. A
// stream needs two posted rows on one account; its frequency comes from the gaps between them,
// its status from how many there are and whether the next one is overdue.

/** Recurring kinds that form streams (transfers between own accounts and card payments do not). */
export const STREAM_KINDS = ["payroll", "rent", "netflix", "spotify", "internet", "power", "loanPayment"] as const;

type Frequency = "WEEKLY" | "BIWEEKLY" | "SEMI_MONTHLY" | "MONTHLY" | "ANNUALLY" | "UNKNOWN";

export interface RenderedStream extends Record<string, unknown> {
  stream_id: string;
  account_id: string;
  average_amount: { amount: number; iso_currency_code: string | null; unofficial_currency_code: null };
}

export interface Streams {
  inflow: RenderedStream[];
  outflow: RenderedStream[];
}

function frequencyOf(gaps: readonly number[]): Frequency {
  if (gaps.length === 0) return "UNKNOWN";
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (median >= 5 && median <= 9) return "WEEKLY";
  if (median >= 13 && median <= 15 && gaps.every((gap) => gap >= 13 && gap <= 15)) return "BIWEEKLY";
  if (median >= 12 && median <= 19) return "SEMI_MONTHLY";
  if (median >= 26 && median <= 35) return "MONTHLY";
  if (median >= 350 && median <= 380) return "ANNUALLY";
  return "UNKNOWN";
}

function addMonths(date: string, months: number): string {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  const first = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(day, lastDay));
  return first.toISOString().slice(0, 10);
}

function nextDate(last: string, frequency: Frequency): string | null {
  switch (frequency) {
    case "WEEKLY":
      return addDays(last, 7);
    case "BIWEEKLY":
      return addDays(last, 14);
    case "SEMI_MONTHLY":
      return addDays(last, 15);
    case "MONTHLY":
      return addMonths(last, 1);
    case "ANNUALLY":
      return addMonths(last, 12);
    case "UNKNOWN":
      return null;
  }
}

/** Days after the predicted date before a stream counts as stopped. */
function graceDays(frequency: Frequency): number {
  return { WEEKLY: 3, BIWEEKLY: 5, SEMI_MONTHLY: 5, MONTHLY: 10, ANNUALLY: 30, UNKNOWN: 0 }[frequency];
}

function amount(cents: number, currency: string): RenderedStream["average_amount"] {
  return { amount: cents / 100, iso_currency_code: currency, unofficial_currency_code: null };
}

function renderStream(item: ItemRecord, kind: string, rows: TxnRecord[], today: string): RenderedStream {
  const last = rows[rows.length - 1] ?? rows[0];
  if (last === undefined) throw new Error("a stream needs rows");
  const first = rows[0] ?? last;
  const gaps = rows.slice(1).map((row, i) => dayIndex(row.date) - dayIndex(rows[i]?.date ?? row.date));
  const frequency = frequencyOf(gaps);
  const predicted = nextDate(last.date, frequency);
  const active = predicted !== null && dayIndex(today) <= dayIndex(predicted) + graceDays(frequency);
  const status = rows.length >= 3 ? "MATURE" : active ? "EARLY_DETECTION" : "TOMBSTONED";
  const total = rows.reduce((sum, row) => sum + row.amountCents, 0);
  return {
    // Stable for the item: the same stream keeps its id as rows come and go.
    stream_id: seededRng(item.seed, item.ordinal, "stream", kind, last.accountId).id(),
    account_id: last.accountId,
    category: null,
    category_id: null,
    description: last.name,
    merchant_name: last.merchantName,
    personal_finance_category: { primary: primaryCategory(last.category), detailed: last.category, confidence_level: "VERY_HIGH" },
    first_date: first.date,
    last_date: last.date,
    predicted_next_date: predicted,
    frequency,
    transaction_ids: rows.map((row) => row.id),
    average_amount: amount(Math.round(total / rows.length), last.currency),
    last_amount: amount(last.amountCents, last.currency),
    is_active: active,
    status,
    is_user_modified: false,
  };
}

/** Inflow (negative amounts, money in) and outflow streams of the item's current transactions. */
export function recurringStreams(item: ItemRecord, data: ItemData, today: string, accountIds?: readonly string[]): Streams {
  const groups = new Map<string, TxnRecord[]>();
  for (const txn of data.txns.values()) {
    if (txn.pending || txn.stream === undefined || !(STREAM_KINDS as readonly string[]).includes(txn.stream)) continue;
    if (accountIds !== undefined && !accountIds.includes(txn.accountId)) continue;
    const key = `${txn.stream}|${txn.accountId}`;
    const rows = groups.get(key) ?? [];
    rows.push(txn);
    groups.set(key, rows);
  }
  const streams: Streams = { inflow: [], outflow: [] };
  for (const kind of STREAM_KINDS) {
    for (const [key, rows] of groups) {
      if (!key.startsWith(`${kind}|`) || rows.length < 2) continue;
      rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
      const stream = renderStream(item, kind, rows, today);
      (stream.average_amount.amount < 0 ? streams.inflow : streams.outflow).push(stream);
    }
  }
  return streams;
}

/** stream_id → hash of its answer, as JSON: what changed between two answers, per account. */
export function streamFingerprint(streams: Streams): string {
  const entries = [...streams.inflow, ...streams.outflow].map((stream) => [stream.stream_id, stream.account_id, createHash("sha256").update(JSON.stringify(stream)).digest("hex")]);
  return JSON.stringify(entries);
}

/** Accounts whose streams appeared, disappeared or changed between two fingerprints. */
export function changedStreamAccounts(before: string, after: string): string[] {
  const parse = (text: string): Map<string, [string, string]> => {
    const rows = JSON.parse(text) as [string, string, string][];
    return new Map(rows.map(([id, account, hash]) => [id, [account, hash]]));
  };
  const old = parse(before);
  const fresh = parse(after);
  const accounts = new Set<string>();
  for (const [id, [account, hash]] of fresh) if (old.get(id)?.[1] !== hash) accounts.add(account);
  for (const [id, [account]] of old) if (!fresh.has(id)) accounts.add(account);
  return [...accounts].sort();
}
