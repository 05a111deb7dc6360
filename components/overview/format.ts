import { formatMoney } from "@/components/connections/format-money";

/** "2026-03" → "March 2026" (or "Mar" with `short`). */
export function formatMonth(month: string, style: "long" | "short" = "long", locale?: string): string {
  const date = new Date(`${month}-01T00:00:00Z`);
  return new Intl.DateTimeFormat(locale, style === "long" ? { month: "long", year: "numeric", timeZone: "UTC" } : { month: "short", timeZone: "UTC" }).format(date);
}

/** A signed amount with a real minus sign (U+2212), in its currency. */
export function formatSigned(amount: string, currency: string | null): string {
  const text = formatMoney(amount.replace(/^-/, ""), currency);
  return amount.startsWith("-") && !/^-0*(\.0*)?$/.test(amount) ? `−${text}` : text;
}

export { formatMoney };
