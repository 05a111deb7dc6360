import { type InstitutionInfo } from "../institutions";
import { seededRng } from "./random";

export type AccountKind = "checking" | "savings" | "credit" | "loan" | "mortgage";

export interface AccountRecord {
  accountId: string;
  kind: AccountKind;
  name: string;
  officialName: string | null;
  mask: string;
  type: "depository" | "credit" | "loan";
  subtype: "checking" | "savings" | "credit card" | "student" | "mortgage";
  currency: string;
  available: number | null;
  current: number;
  limit: number | null;
}

/** The key every piece of an item's generated data hangs off: seed + creation order. */
export function itemKey(seed: string, ordinal: number): string {
  return `${seed}#${ordinal}`;
}

/**
 * The item's accounts. `mortgage` adds "Plaid Mortgage" (8888, as in Plaid's sandbox) for items
 * linked with liabilities; its draws come last so every other account is the same either way.
 */
export function generateAccounts(key: string, institution: InstitutionInfo, options: { mortgage?: boolean } = {}): AccountRecord[] {
  const rng = seededRng(key, "accounts");
  const currency = institution.currency;
  const cents = (min: number, max: number): number => rng.int(min * 100, max * 100) / 100;
  const checkingCurrent = cents(800, 6000);
  const cardLimit = rng.pick([2000, 5000, 8000, 12000]);
  const cardCurrent = cents(50, cardLimit * 0.4);
  const savingsCurrent = cents(2000, 25000);
  const accounts: AccountRecord[] = [
    { accountId: rng.id(), kind: "checking", name: "Plaid Checking", officialName: "Plaid Gold Standard 0% Interest Checking", mask: "0000", type: "depository", subtype: "checking", currency, available: Math.round((checkingCurrent - cents(0, 100)) * 100) / 100, current: checkingCurrent, limit: null },
    { accountId: rng.id(), kind: "savings", name: "Plaid Saving", officialName: "Plaid Silver Standard 0.1% Interest Saving", mask: "1111", type: "depository", subtype: "savings", currency, available: savingsCurrent, current: savingsCurrent, limit: null },
    { accountId: rng.id(), kind: "credit", name: "Plaid Credit Card", officialName: "Plaid Diamond 12.5% APR Interest Credit Card", mask: "3333", type: "credit", subtype: "credit card", currency, available: Math.round((cardLimit - cardCurrent) * 100) / 100, current: cardCurrent, limit: cardLimit },
    { accountId: rng.id(), kind: "loan", name: "Plaid Student Loan", officialName: null, mask: "7777", type: "loan", subtype: "student", currency, available: null, current: cents(8000, 65000), limit: null },
  ];
  if (options.mortgage === true) {
    accounts.push({ accountId: rng.id(), kind: "mortgage", name: "Plaid Mortgage", officialName: null, mask: "8888", type: "loan", subtype: "mortgage", currency, available: null, current: cents(120000, 420000), limit: null });
  }
  return accounts;
}
