import { formatMoney } from "@/components/connections/format-money";
import { formatSigned } from "@/components/overview/format";

/** "Jan 14" (UTC, as the forecast's days are). */
export function formatDay(isoDate: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** "Lowest: $412.30 on Jan 14" (a negative balance with a real minus sign). */
export function lowestText(lowest: { date: string; balance: string }, currency: string, locale?: string): string {
  return `Lowest: ${formatSigned(lowest.balance, currency)} on ${formatDay(lowest.date, locale)}`;
}

export const KIND_TEXT = { income: "Income", bill: "Bill", card_payment: "Card minimum payment", loan_payment: "Loan payment" } as const;

export { formatMoney, formatSigned };
