/**
 * Plaid's sign convention is positive = money leaving the account. People read spending as a
 * minus, so the sign is flipped for display; the decimal string goes to Intl as is (no floats).
 */
export function formatAmount(amount: string, currency: string | null, locale?: string): { text: string; direction: "out" | "in" } {
  const inflow = amount.startsWith("-");
  const magnitude = (inflow ? amount.slice(1) : amount) as Intl.StringNumericLiteral;
  let text: string;
  try {
    text = currency
      ? new Intl.NumberFormat(locale, { style: "currency", currency }).format(magnitude)
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(magnitude);
  } catch {
    // Unofficial currencies (crypto tickers) are not ISO 4217 codes.
    text = `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 8 }).format(magnitude)} ${currency ?? ""}`.trim();
  }
  // Zero is neither in nor out: no sign.
  if (/^-?[0.]*$/.test(amount)) return { text, direction: "out" };
  return { text: `${inflow ? "+" : "−"}${text}`, direction: inflow ? "in" : "out" };
}

/** A calendar date (YYYY-MM-DD, no time zone) shown as written, whatever the viewer's zone. */
export function formatDate(isoDate: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** FOOD_AND_DRINK → "Food and drink". */
export function formatCategory(category: string | null): string {
  if (!category) return "Uncategorized";
  const words = category.toLowerCase().split("_").filter(Boolean).join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 365],
];

/**
 * "3 minutes ago"; `now` is passed in so the caller decides when the text refreshes. A time a
 * little ahead of `now` (the server's clock, or a `now` from the previous render) reads "now",
 * never "in 4 seconds".
 */
export function formatSince(date: Date, now: Date, locale?: string): string {
  let value = Math.min(0, Math.round((date.getTime() - now.getTime()) / 1000));
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(value) < size) return format.format(value, unit);
    value = Math.round(value / size);
  }
  return format.format(value, "year");
}
