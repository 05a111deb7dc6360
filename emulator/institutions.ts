// The banks Link offers. Ids and names follow Plaid's sandbox institutions where they exist;
// the Canadian one is the emulator's own, so CAD data has a home.
export interface InstitutionInfo {
  institutionId: string;
  name: string;
  countryCodes: string[];
  currency: "USD" | "CAD";
  url: string;
  primaryColor: string;
  routingNumbers: string[];
  /** Link sends the user to the bank's own consent page (Plaid's OAuth institutions). */
  oauth: boolean;
  /** Products the bank supports; Link hides it when a token's `products` ask for more. */
  products: readonly string[];
}

const US_PRODUCTS = ["assets", "auth", "balance", "identity", "transactions", "liabilities", "investments"];
// Liabilities are "primarily US" at Plaid; the Canadian bank has none, so PRODUCTS_NOT_SUPPORTED has a home.
const CA_PRODUCTS = ["assets", "auth", "balance", "identity", "transactions", "investments"];

export const INSTITUTIONS: readonly InstitutionInfo[] = [
  { institutionId: "ins_109508", name: "First Platypus Bank", countryCodes: ["US"], currency: "USD", url: "https://www.firstplatypusbank.example", primaryColor: "#1f5fa8", routingNumbers: ["011401533", "021200339"], oauth: false, products: US_PRODUCTS },
  { institutionId: "ins_109509", name: "First Gingham Credit Union", countryCodes: ["US"], currency: "USD", url: "https://www.firstgingham.example", primaryColor: "#b5352b", routingNumbers: ["031101279"], oauth: false, products: US_PRODUCTS },
  { institutionId: "ins_109510", name: "Tattersall Federal Credit Union", countryCodes: ["US"], currency: "USD", url: "https://www.tattersallfcu.example", primaryColor: "#3b7a3a", routingNumbers: ["041215663"], oauth: false, products: US_PRODUCTS },
  { institutionId: "ins_109511", name: "Tartan Bank", countryCodes: ["US"], currency: "USD", url: "https://www.tartanbank.example", primaryColor: "#6b3fa0", routingNumbers: ["051405515"], oauth: false, products: US_PRODUCTS },
  { institutionId: "ins_109512", name: "Houndstooth Bank", countryCodes: ["US"], currency: "USD", url: "https://www.houndstoothbank.example", primaryColor: "#222222", routingNumbers: ["061000227"], oauth: false, products: US_PRODUCTS },
  { institutionId: "ins_200001", name: "Maple Platypus Trust", countryCodes: ["CA"], currency: "CAD", url: "https://www.mapleplatypus.example", primaryColor: "#c8102e", routingNumbers: ["000100002"], oauth: false, products: CA_PRODUCTS },
  // Plaid's sandbox OAuth bank: Link leaves for the bank's consent page and comes back.
  { institutionId: "ins_127287", name: "Platypus OAuth Bank", countryCodes: ["US"], currency: "USD", url: "https://www.platypusoauthbank.example", primaryColor: "#0b7a75", routingNumbers: ["011000138"], oauth: true, products: US_PRODUCTS },
];

export const DEFAULT_INSTITUTION_ID = "ins_109508";

export function findInstitution(institutionId: string): InstitutionInfo | undefined {
  return INSTITUTIONS.find((institution) => institution.institutionId === institutionId);
}

export const OAUTH_INSTITUTION_ID = "ins_127287";
