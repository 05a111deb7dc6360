// The merchants everyday purchases come from, with Plaid's personal finance categories.
export interface Merchant {
  key: string;
  name: string;
  /** Raw descriptors as a bank statement shows them; `#` is replaced by a store number. */
  descriptors: readonly string[];
  website: string | null;
  category: string;
  channel: "online" | "in store" | "other";
  minDollars: number;
  maxDollars: number;
  /** Relative frequency among everyday purchases. */
  weight: number;
  /** Where it is charged: the credit card, the checking account, or either. */
  account: "credit" | "checking" | "any";
  currency?: "CAD";
}

export const MERCHANTS: readonly Merchant[] = [
  { key: "starbucks", name: "Starbucks", descriptors: ["Starbucks", "STARBUCKS STORE #"], website: "starbucks.com", category: "FOOD_AND_DRINK_COFFEE", channel: "in store", minDollars: 3, maxDollars: 12, weight: 10, account: "any" },
  { key: "blue-bottle", name: "Blue Bottle Coffee", descriptors: ["Blue Bottle Coffee"], website: "bluebottlecoffee.com", category: "FOOD_AND_DRINK_COFFEE", channel: "in store", minDollars: 4, maxDollars: 14, weight: 3, account: "credit" },
  { key: "chipotle", name: "Chipotle Mexican Grill", descriptors: ["CHIPOTLE #", "Chipotle"], website: "chipotle.com", category: "FOOD_AND_DRINK_FAST_FOOD", channel: "in store", minDollars: 9, maxDollars: 28, weight: 6, account: "any" },
  { key: "mcdonalds", name: "McDonald's", descriptors: ["McDonald's", "MCDONALD'S F#"], website: "mcdonalds.com", category: "FOOD_AND_DRINK_FAST_FOOD", channel: "in store", minDollars: 5, maxDollars: 18, weight: 5, account: "any" },
  { key: "sweetgreen", name: "Sweetgreen", descriptors: ["SWEETGREEN #"], website: "sweetgreen.com", category: "FOOD_AND_DRINK_RESTAURANT", channel: "in store", minDollars: 12, maxDollars: 24, weight: 4, account: "credit" },
  { key: "olive-garden", name: "Olive Garden", descriptors: ["OLIVE GARDEN #"], website: "olivegarden.com", category: "FOOD_AND_DRINK_RESTAURANT", channel: "in store", minDollars: 25, maxDollars: 95, weight: 2, account: "credit" },
  { key: "doordash", name: "DoorDash", descriptors: ["DOORDASH*ORDER", "DoorDash"], website: "doordash.com", category: "FOOD_AND_DRINK_RESTAURANT", channel: "online", minDollars: 18, maxDollars: 60, weight: 4, account: "credit" },
  { key: "whole-foods", name: "Whole Foods Market", descriptors: ["WHOLEFDS #", "Whole Foods Market"], website: "wholefoodsmarket.com", category: "FOOD_AND_DRINK_GROCERIES", channel: "in store", minDollars: 20, maxDollars: 180, weight: 6, account: "any" },
  { key: "trader-joes", name: "Trader Joe's", descriptors: ["TRADER JOE'S #"], website: "traderjoes.com", category: "FOOD_AND_DRINK_GROCERIES", channel: "in store", minDollars: 15, maxDollars: 120, weight: 6, account: "any" },
  { key: "safeway", name: "Safeway", descriptors: ["SAFEWAY #"], website: "safeway.com", category: "FOOD_AND_DRINK_GROCERIES", channel: "in store", minDollars: 10, maxDollars: 150, weight: 4, account: "checking" },
  { key: "uber", name: "Uber", descriptors: ["Uber 063015 SF**POOL**", "UBER *TRIP"], website: "uber.com", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", channel: "online", minDollars: 7, maxDollars: 45, weight: 5, account: "credit" },
  { key: "lyft", name: "Lyft", descriptors: ["LYFT *RIDE"], website: "lyft.com", category: "TRANSPORTATION_TAXIS_AND_RIDE_SHARES", channel: "online", minDollars: 8, maxDollars: 40, weight: 3, account: "credit" },
  { key: "shell", name: "Shell", descriptors: ["SHELL OIL #"], website: "shell.com", category: "TRANSPORTATION_GAS", channel: "in store", minDollars: 25, maxDollars: 75, weight: 4, account: "any" },
  { key: "bart", name: "BART", descriptors: ["BART CLIPPER"], website: "bart.gov", category: "TRANSPORTATION_PUBLIC_TRANSIT", channel: "in store", minDollars: 2, maxDollars: 20, weight: 3, account: "checking" },
  { key: "amazon", name: "Amazon", descriptors: ["AMAZON MKTPL*", "Amazon.com"], website: "amazon.com", category: "GENERAL_MERCHANDISE_ONLINE_MARKETPLACES", channel: "online", minDollars: 8, maxDollars: 220, weight: 8, account: "credit" },
  { key: "target", name: "Target", descriptors: ["TARGET #"], website: "target.com", category: "GENERAL_MERCHANDISE_SUPERSTORES", channel: "in store", minDollars: 10, maxDollars: 160, weight: 5, account: "any" },
  { key: "costco", name: "Costco", descriptors: ["COSTCO WHSE #"], website: "costco.com", category: "GENERAL_MERCHANDISE_SUPERSTORES", channel: "in store", minDollars: 40, maxDollars: 320, weight: 2, account: "any" },
  { key: "apple", name: "Apple", descriptors: ["APPLE.COM/BILL"], website: "apple.com", category: "GENERAL_MERCHANDISE_ELECTRONICS", channel: "online", minDollars: 1, maxDollars: 30, weight: 3, account: "credit" },
  { key: "home-depot", name: "The Home Depot", descriptors: ["THE HOME DEPOT #"], website: "homedepot.com", category: "HOME_IMPROVEMENT_HARDWARE", channel: "in store", minDollars: 12, maxDollars: 250, weight: 2, account: "any" },
  { key: "cvs", name: "CVS Pharmacy", descriptors: ["CVS/PHARMACY #"], website: "cvs.com", category: "MEDICAL_PHARMACIES_AND_SUPPLEMENTS", channel: "in store", minDollars: 5, maxDollars: 60, weight: 3, account: "any" },
  { key: "planet-fitness", name: "Planet Fitness", descriptors: ["PLANET FITNESS"], website: "planetfitness.com", category: "PERSONAL_CARE_GYMS_AND_FITNESS_CENTERS", channel: "in store", minDollars: 10, maxDollars: 25, weight: 1, account: "checking" },
  { key: "amc", name: "AMC Theatres", descriptors: ["AMC #"], website: "amctheatres.com", category: "ENTERTAINMENT_TV_AND_MOVIES", channel: "in store", minDollars: 12, maxDollars: 45, weight: 1, account: "credit" },
  { key: "delta", name: "Delta Air Lines", descriptors: ["DELTA AIR LINES"], website: "delta.com", category: "TRAVEL_FLIGHTS", channel: "online", minDollars: 120, maxDollars: 650, weight: 0.4, account: "credit" },
  { key: "airbnb", name: "Airbnb", descriptors: ["AIRBNB * HM"], website: "airbnb.com", category: "TRAVEL_LODGING", channel: "online", minDollars: 90, maxDollars: 700, weight: 0.4, account: "credit" },
  { key: "venmo", name: "Venmo", descriptors: ["VENMO PAYMENT"], website: "venmo.com", category: "TRANSFER_OUT_ACCOUNT_TRANSFER", channel: "online", minDollars: 10, maxDollars: 120, weight: 2, account: "checking" },
  { key: "atm", name: "ATM", descriptors: ["ATM WITHDRAWAL #"], website: null, category: "TRANSFER_OUT_WITHDRAWAL", channel: "in store", minDollars: 20, maxDollars: 200, weight: 1.5, account: "checking" },
  { key: "tim-hortons", name: "Tim Hortons", descriptors: ["TIM HORTONS #"], website: "timhortons.ca", category: "FOOD_AND_DRINK_COFFEE", channel: "in store", minDollars: 2, maxDollars: 14, weight: 6, account: "any", currency: "CAD" },
  { key: "loblaws", name: "Loblaws", descriptors: ["LOBLAWS #"], website: "loblaws.ca", category: "FOOD_AND_DRINK_GROCERIES", channel: "in store", minDollars: 15, maxDollars: 160, weight: 5, account: "any", currency: "CAD" },
];

/** Recurring bills and transfers: fixed merchants, not drawn from the purchase mix. */
export const RECURRING = {
  payroll: { name: "Acme Corp", descriptor: "ACME CORP PAYROLL PPD ID: 1234567890", website: "acmecorp.example", category: "INCOME_WAGES" },
  rent: { name: "Greenfield Property Management", descriptor: "GREENFIELD PROPERTY MGMT RENT", website: null, category: "RENT_AND_UTILITIES_RENT" },
  netflix: { name: "Netflix", descriptor: "Netflix.com", website: "netflix.com", category: "ENTERTAINMENT_TV_AND_MOVIES" },
  spotify: { name: "Spotify", descriptor: "Spotify USA", website: "spotify.com", category: "ENTERTAINMENT_MUSIC_AND_AUDIO" },
  internet: { name: "Comcast", descriptor: "COMCAST CABLE COMM", website: "xfinity.com", category: "RENT_AND_UTILITIES_INTERNET_AND_CABLE" },
  power: { name: "Pacific Gas and Electric", descriptor: "PGANDE WEB ONLINE", website: "pge.com", category: "RENT_AND_UTILITIES_GAS_AND_ELECTRICITY" },
  cardPaymentOut: { name: null, descriptor: "CREDIT CARD 3333 PAYMENT *//", website: null, category: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" },
  cardPaymentIn: { name: null, descriptor: "PAYMENT - THANK YOU", website: null, category: "LOAN_PAYMENTS_CREDIT_CARD_PAYMENT" },
  savingsOut: { name: null, descriptor: "ONLINE TRANSFER TO SAVINGS", website: null, category: "TRANSFER_OUT_SAVINGS" },
  savingsIn: { name: null, descriptor: "ONLINE TRANSFER FROM CHECKING", website: null, category: "TRANSFER_IN_SAVINGS" },
  interest: { name: null, descriptor: "INTEREST PAYMENT", website: null, category: "INCOME_INTEREST_EARNED" },
  loanPayment: { name: "Platypus Student Loans", descriptor: "PLATYPUS STUDENT LN PAYMENT", website: null, category: "LOAN_PAYMENTS_STUDENT_LOAN_PAYMENT" },
} as const;

const PRIMARY_CATEGORIES = [
  "INCOME", "TRANSFER_IN", "TRANSFER_OUT", "LOAN_PAYMENTS", "BANK_FEES", "ENTERTAINMENT", "FOOD_AND_DRINK",
  "GENERAL_MERCHANDISE", "HOME_IMPROVEMENT", "MEDICAL", "PERSONAL_CARE", "GENERAL_SERVICES",
  "GOVERNMENT_AND_NON_PROFIT", "TRANSPORTATION", "TRAVEL", "RENT_AND_UTILITIES",
];

/** The primary category is the longest primary that prefixes the detailed one. */
export function primaryCategory(detailed: string): string {
  let best = "GENERAL_MERCHANDISE";
  let bestLength = 0;
  for (const primary of PRIMARY_CATEGORIES) {
    if (detailed.startsWith(`${primary}_`) && primary.length > bestLength) {
      best = primary;
      bestLength = primary.length;
    }
  }
  return best;
}

const merchantsByKey = new Map(MERCHANTS.map((merchant) => [merchant.key, merchant]));
export function findMerchant(key: string | null): Merchant | undefined {
  return key === null ? undefined : merchantsByKey.get(key);
}

/** Stores the purchases happen at, picked per transaction from its id. */
export const CITIES = [
  { address: "300 Post St", city: "San Francisco", region: "CA", postal_code: "94108", lat: 37.7886, lon: -122.4076 },
  { address: "1 Ferry Building", city: "San Francisco", region: "CA", postal_code: "94111", lat: 37.7955, lon: -122.3937 },
  { address: "2020 Broadway", city: "Oakland", region: "CA", postal_code: "94612", lat: 37.8108, lon: -122.2682 },
  { address: "150 University Ave", city: "Palo Alto", region: "CA", postal_code: "94301", lat: 37.4457, lon: -122.1616 },
  { address: "85 Broad St", city: "New York", region: "NY", postal_code: "10004", lat: 40.7041, lon: -74.0111 },
] as const;
