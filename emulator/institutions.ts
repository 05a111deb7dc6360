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
}

export const INSTITUTIONS: readonly InstitutionInfo[] = [
  { institutionId: "ins_109508", name: "First Platypus Bank", countryCodes: ["US"], currency: "USD", url: "https://www.firstplatypusbank.example", primaryColor: "#1f5fa8", routingNumbers: ["011401533", "021200339"] },
  { institutionId: "ins_109509", name: "First Gingham Credit Union", countryCodes: ["US"], currency: "USD", url: "https://www.firstgingham.example", primaryColor: "#b5352b", routingNumbers: ["031101279"] },
  { institutionId: "ins_109510", name: "Tattersall Federal Credit Union", countryCodes: ["US"], currency: "USD", url: "https://www.tattersallfcu.example", primaryColor: "#3b7a3a", routingNumbers: ["041215663"] },
  { institutionId: "ins_109511", name: "Tartan Bank", countryCodes: ["US"], currency: "USD", url: "https://www.tartanbank.example", primaryColor: "#6b3fa0", routingNumbers: ["051405515"] },
  { institutionId: "ins_109512", name: "Houndstooth Bank", countryCodes: ["US"], currency: "USD", url: "https://www.houndstoothbank.example", primaryColor: "#222222", routingNumbers: ["061000227"] },
  { institutionId: "ins_200001", name: "Maple Platypus Trust", countryCodes: ["CA"], currency: "CAD", url: "https://www.mapleplatypus.example", primaryColor: "#c8102e", routingNumbers: ["000100002"] },
];

export const DEFAULT_INSTITUTION_ID = "ins_109508";

export function findInstitution(institutionId: string): InstitutionInfo | undefined {
  return INSTITUTIONS.find((institution) => institution.institutionId === institutionId);
}

export const INSTITUTION_PRODUCTS = ["assets", "auth", "balance", "identity", "transactions", "liabilities", "investments"];
