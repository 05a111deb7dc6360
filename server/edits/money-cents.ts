/**
 * Exact decimal money as bigint cents: splits must add up to the transaction to the cent, which
 * floats cannot promise ("0.1 + 0.2"). Amounts here have at most two decimals (Plaid's and what
 * the split form accepts); a third decimal would be refused by the schemas before it gets here.
 */
export function toCents(amount: string): bigint {
  const trimmed = amount.trim();
  const negative = trimmed.startsWith("-");
  const [whole = "0", fraction = ""] = trimmed.replace(/^[-+]/, "").split(".");
  if (fraction.replace(/0+$/, "").length > 2) throw new Error(`more than two decimals: ${amount}`);
  const value = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -value : value;
}

/** 1234n → "12.34", -5n → "-0.05" */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;
  return `${negative ? "-" : ""}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, "0")}`;
}
