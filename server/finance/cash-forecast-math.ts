import { fromUnits, toUnits } from "./decimal-units";
import { addDays, occurrences } from "./recurrence-dates";

export type ForecastEventKind = "income" | "bill" | "card_payment" | "loan_payment";

/** One expected movement of money in or out of the user's cash. */
export interface ForecastEvent {
  date: string;
  description: string;
  /** Signed decimal string: positive comes in, negative goes out. */
  amount: string;
  kind: ForecastEventKind;
  /** The stream id, or the liability's account id. */
  sourceId: string;
}

export interface ForecastPoint {
  date: string;
  /** The projected balance at the end of this day. */
  balance: string;
}

export interface CurrencyForecast {
  currency: string;
  /** Today's balances of the depository accounts in this currency, added. */
  startingBalance: string;
  accounts: number;
  /** One point per day from today through today + horizon. */
  points: ForecastPoint[];
  events: ForecastEvent[];
  /** The lowest point of the series (the earliest, when it is reached more than once). */
  lowest: ForecastPoint;
  endingBalance: string;
}

export interface ForecastInputs {
  /** Depository accounts with a balance: the money a bill is paid from. */
  accounts: { currency: string; balance: string }[];
  /** Active recurring streams on depository accounts; Plaid's sign (positive = money out). */
  streams: { streamId: string; description: string; frequency: string; predictedNextDate: string; averageAmount: string; currency: string }[];
  /** Card and loan minimum payments (positive amounts), paid from the depository accounts. */
  payments: { accountId: string; description: string; kind: "credit" | "student" | "mortgage"; minimumPayment: string; nextPaymentDueDate: string; isOverdue: boolean; currency: string }[];
}

/**
 * The daily projected balance per currency over [today, today + horizonDays]: today's balances,
 * plus every expected stream payment at its average amount repeated at its frequency, minus every
 * card or loan minimum payment on its due date (repeating monthly at today's minimum). A payment
 * due today is not yet in today's balance, so day 0 already includes it. An overdue card or loan
 * payment whose due date has passed is expected today. Currencies are never added together; a
 * currency without a depository account has nothing to pay from and is left out.
 */
export function projectCashForecast(inputs: ForecastInputs, today: string, horizonDays: number): CurrencyForecast[] {
  const until = addDays(today, horizonDays);
  const byCurrency = new Map<string, { balance: bigint; accounts: number; events: ForecastEvent[] }>();
  for (const account of inputs.accounts) {
    const entry = byCurrency.get(account.currency) ?? { balance: 0n, accounts: 0, events: [] };
    entry.balance += toUnits(account.balance);
    entry.accounts += 1;
    byCurrency.set(account.currency, entry);
  }

  for (const stream of inputs.streams) {
    const entry = byCurrency.get(stream.currency);
    if (!entry) continue;
    // Plaid's sign is the bank's: positive leaves the account.
    const amount = -toUnits(stream.averageAmount);
    if (amount === 0n) continue;
    for (const date of occurrences(stream.predictedNextDate, stream.frequency, today, until)) {
      entry.events.push({ date, description: stream.description, amount: fromUnits(amount), kind: amount > 0n ? "income" : "bill", sourceId: stream.streamId });
    }
  }

  for (const payment of inputs.payments) {
    const entry = byCurrency.get(payment.currency);
    const amount = toUnits(payment.minimumPayment);
    if (!entry || amount <= 0n) continue;
    const kind: ForecastEventKind = payment.kind === "credit" ? "card_payment" : "loan_payment";
    const event = (date: string) => ({ date, description: payment.description, amount: fromUnits(-amount), kind, sourceId: payment.accountId });
    if (payment.isOverdue && payment.nextPaymentDueDate < today) entry.events.push(event(today));
    for (const date of occurrences(payment.nextPaymentDueDate, "MONTHLY", today, until)) entry.events.push(event(date));
  }

  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, entry]) => {
      // By day; on one day money in first, so a payday and a bill on the same day read in order.
      const events = entry.events.sort((a, b) => a.date.localeCompare(b.date) || compareUnits(b.amount, a.amount) || a.description.localeCompare(b.description));
      const perDay = new Map<string, bigint>();
      for (const event of events) perDay.set(event.date, (perDay.get(event.date) ?? 0n) + toUnits(event.amount));
      const points: ForecastPoint[] = [];
      let balance = entry.balance;
      let lowest = { date: today, units: 0n, set: false };
      for (let day = 0; day <= horizonDays; day += 1) {
        const date = addDays(today, day);
        balance += perDay.get(date) ?? 0n;
        points.push({ date, balance: fromUnits(balance) });
        if (!lowest.set || balance < lowest.units) lowest = { date, units: balance, set: true };
      }
      return {
        currency,
        startingBalance: fromUnits(entry.balance),
        accounts: entry.accounts,
        points,
        events,
        lowest: { date: lowest.date, balance: fromUnits(lowest.units) },
        endingBalance: fromUnits(balance),
      };
    });
}

function compareUnits(a: string, b: string): number {
  const difference = toUnits(a) - toUnits(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
}
