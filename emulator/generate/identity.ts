import { seededRng } from "./random";

export interface OwnerRecord {
  names: string[];
  phone_numbers: { data: string; primary: boolean; type: "home" | "work" | "mobile" }[];
  emails: { data: string; primary: boolean; type: "primary" | "secondary" }[];
  addresses: { data: { street: string; city: string; region: string; postal_code: string; country: string }; primary: boolean }[];
}

const FIRST = ["Alberta", "Bobbeth", "Charles", "Dana", "Elliot", "Farah", "Gideon", "Harper", "Imani", "Jonah"];
const LAST = ["Charleson", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Delgado", "Whitlock", "Nakamura"];
const STREETS = ["2992 Cameron Road", "410 Birch Lane", "77 Harbor View Dr", "1208 Larkin St", "56 Orchard Way"];
const PLACES = [
  { city: "Malakoff", region: "NY", postal_code: "14236" },
  { city: "San Matias", region: "CA", postal_code: "93405" },
  { city: "Springfield", region: "IL", postal_code: "62704" },
  { city: "Portland", region: "OR", postal_code: "97205" },
];

/** One account holder per item, shared by all its accounts (as for a personal login). */
export function generateOwner(key: string, country: string): OwnerRecord {
  const rng = seededRng(key, "identity");
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const place = rng.pick(PLACES);
  const local = `${first}.${last}`.toLowerCase();
  return {
    names: [`${first} ${last}`],
    phone_numbers: [
      { data: `+1 ${rng.int(200, 989)} ${rng.int(200, 989)} ${String(rng.int(0, 9999)).padStart(4, "0")}`, primary: true, type: "mobile" },
      { data: `+1 ${rng.int(200, 989)} ${rng.int(200, 989)} ${String(rng.int(0, 9999)).padStart(4, "0")}`, primary: false, type: "home" },
    ],
    emails: [
      { data: `${local}@example.com`, primary: true, type: "primary" },
      { data: `${local}.${rng.int(10, 99)}@example.net`, primary: false, type: "secondary" },
    ],
    addresses: [{ data: { street: rng.pick(STREETS), ...place, country }, primary: true }],
  };
}
