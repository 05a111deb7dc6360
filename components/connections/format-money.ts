/**
 * Formats a decimal string from the database in the account's currency. The string is passed to
 * Intl as is (Intl.NumberFormat v3 formats decimal strings exactly), so no float rounding creeps in.
 */
export function formatMoney(amount: string, currency: string | null, locale?: string): string {
  if (currency) {
    try {
      return new Intl.NumberFormat(locale, { style: "currency", currency }).format(amount as Intl.StringNumericLiteral);
    } catch {
      // Unofficial currencies (e.g. crypto tickers) are not ISO 4217 codes: show the code after the number.
    }
  }
  const number = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 8 }).format(
    amount as Intl.StringNumericLiteral,
  );
  return currency ? `${number} ${currency}` : number;
}
