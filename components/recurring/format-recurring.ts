/** Plaid's stream frequency in words: "BIWEEKLY" → "Every 2 weeks". */
export function formatFrequency(frequency: string): string {
  switch (frequency) {
    case "WEEKLY":
      return "Weekly";
    case "BIWEEKLY":
      return "Every 2 weeks";
    case "SEMI_MONTHLY":
      return "Twice a month";
    case "MONTHLY":
      return "Monthly";
    case "ANNUALLY":
      return "Yearly";
    default:
      return "Irregular";
  }
}

/** The stream's name as people know it: the merchant when Plaid has one, else the bank's description. */
export function streamTitle(stream: { merchantName: string | null; description: string }): string {
  return stream.merchantName ?? stream.description;
}

/** "Platypus OAuth Bank, First Platypus Bank" (or "your bank"). */
export function bankNames(items: { institutionName: string | null }[]): string {
  return items.map((item) => item.institutionName ?? "your bank").join(", ");
}
