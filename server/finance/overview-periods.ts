/**
 * Calendar months in UTC. Transaction dates are calendar dates without a zone (as Plaid sends
 * them), so a month is a range of those dates: [first day, first day of the next month).
 */
export interface MonthRange {
  /** YYYY-MM */
  month: string;
  /** YYYY-MM-DD, inclusive */
  start: string;
  /** YYYY-MM-DD, exclusive */
  end: string;
}

const pad = (value: number) => String(value).padStart(2, "0");

/** The month `offset` months from the one containing `now` (0 = this month, -1 = last month). */
export function monthRange(now: Date, offset = 0): MonthRange {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  const next = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1));
  const iso = (date: Date) => `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return { month: iso(first).slice(0, 7), start: iso(first), end: iso(next) };
}

/** The last `count` months, oldest first, ending with the month containing `now`. */
export function lastMonths(now: Date, count: number): MonthRange[] {
  return Array.from({ length: count }, (_, index) => monthRange(now, index - count + 1));
}

/** YYYY-MM-DD of `date` in UTC. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
