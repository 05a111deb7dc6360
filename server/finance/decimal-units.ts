/**
 * Exact sums of money for read models that add in TypeScript (the forecast's running balance):
 * decimal strings scaled to integers of 10^-8 (enough for crypto) as BigInt, never floats.
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

/** Back to a decimal string with at least two decimal places ("412.3" → "412.30"). */
export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const magnitude = negative ? -units : units;
  const whole = magnitude / FACTOR;
  const fraction = (magnitude % FACTOR).toString().padStart(SCALE, "0").replace(/0+$/, "").padEnd(2, "0");
  return `${negative ? "-" : ""}${whole}.${fraction}`;
}
