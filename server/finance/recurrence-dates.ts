/**
 * The calendar days a repeating payment falls on, from one known date (Plaid's predicted next
 * date, or a card's next due date) through a horizon. Days are YYYY-MM-DD strings in UTC, as
 * Plaid sends them; nothing here depends on the server's time zone.
 */

const DAY_MS = 86_400_000;

const parse = (day: string): Date => new Date(`${day}T00:00:00Z`);
const format = (date: Date): string => date.toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => format(new Date(parse(day).getTime() + days * DAY_MS));

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((parse(to).getTime() - parse(from).getTime()) / DAY_MS);

const lastDayOfMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The `dayOfMonth` of the month `offset` months after `day`'s, clamped to that month's last day (Jan 31 → Feb 28). */
function sameDayMonthsLater(day: string, offset: number, dayOfMonth: number): string {
  const date = parse(day);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + offset;
  const normalised = new Date(Date.UTC(year, month, 1));
  const clamped = Math.min(dayOfMonth, lastDayOfMonth(normalised.getUTCFullYear(), normalised.getUTCMonth()));
  return format(new Date(Date.UTC(normalised.getUTCFullYear(), normalised.getUTCMonth(), clamped)));
}

/** Plaid's stream frequencies, plus MONTHLY for card and loan due dates. */
export type Frequency = "WEEKLY" | "BIWEEKLY" | "SEMI_MONTHLY" | "MONTHLY" | "ANNUALLY" | (string & {});

/**
 * Every day in [from, to] (inclusive) on which a payment first due on `anchor` repeats at
 * `frequency`. A monthly payment keeps its day of the month (the 31st falls on the 30th or the
 * 28th in shorter months and returns to the 31st after); semi-monthly pays on the anchor's day and
 * 15 days from it in every month (the 1st and 16th, the 15th and the month's end); annually keeps
 * the date (Feb 29 falls on Feb 28). An UNKNOWN frequency (or one Plaid adds later) is placed
 * only on its anchor: Plaid predicted that date, but we cannot say when it comes again.
 */
export function occurrences(anchor: string, frequency: Frequency, from: string, to: string): string[] {
  const days: string[] = [];
  const keep = (day: string) => {
    if (day >= from && day <= to) days.push(day);
  };
  // A hard stop well past any horizon we use, so a bad anchor can never loop for long.
  const LIMIT = 1_000;
  switch (frequency) {
    case "WEEKLY":
    case "BIWEEKLY": {
      const step = frequency === "WEEKLY" ? 7 : 14;
      for (let n = 0, day = anchor; day <= to && n < LIMIT; n += 1, day = addDays(anchor, n * step)) keep(day);
      break;
    }
    case "MONTHLY":
    case "ANNUALLY": {
      const step = frequency === "MONTHLY" ? 1 : 12;
      const dayOfMonth = parse(anchor).getUTCDate();
      for (let n = 0, day = anchor; day <= to && n < LIMIT; n += 1, day = sameDayMonthsLater(anchor, n * step, dayOfMonth)) keep(day);
      break;
    }
    case "SEMI_MONTHLY": {
      const anchorDay = parse(anchor).getUTCDate();
      const first = anchorDay <= 15 ? anchorDay : anchorDay - 15;
      const second = first + 15;
      for (let n = 0; n < LIMIT; n += 1) {
        const early = sameDayMonthsLater(anchor, n, first);
        if (early > to) break;
        // The anchor itself is the first payment: nothing before it.
        if (early >= anchor) keep(early);
        const late = sameDayMonthsLater(anchor, n, second);
        if (late >= anchor) keep(late);
      }
      break;
    }
    default:
      keep(anchor);
  }
  return days;
}
