/**
 * Exact arithmetic on the decimal strings the server sends (money is never a float). Amounts
 * are scaled to integers of 10^-8 (enough for crypto) as BigInt, and back.
 */
const SCALE = 8;
const FACTOR = 10n ** BigInt(SCALE);

export function toUnits(amount: string): bigint {
  const trimmed = amount.trim();
  const negative = trimmed.startsWith("-");
  const [whole = "0", fraction = ""] = trimmed.replace(/^[-+]/, "").split(".");
  const units = BigInt(whole || "0") * FACTOR + BigInt((fraction + "0".repeat(SCALE)).slice(0, SCALE));
  return negative ? -units : units;
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / FACTOR;
  const fraction = (magnitude % FACTOR).toString().padStart(SCALE, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

export const subtract = (a: string, b: string): string => fromUnits(toUnits(a) - toUnits(b));
export const negate = (a: string): string => fromUnits(-toUnits(a));
export const compare = (a: string, b: string): number => {
  const difference = toUnits(a) - toUnits(b);
  return difference === 0n ? 0 : difference > 0n ? 1 : -1;
};

/** For drawing only (bar heights): a float is fine for pixels, never for the figures shown. */
export const toPlotNumber = (amount: string): number => Number(amount);
