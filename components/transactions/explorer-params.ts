import type { RouterInputs } from "@/components/trpc/react";

export type ExplorerFilters = RouterInputs["transactions"]["explore"]["filters"];
export type ExplorerSort = NonNullable<ExplorerFilters["sort"]>;

export const SORT_OPTIONS: { value: ExplorerSort; label: string }[] = [
  { value: "date_desc", label: "Newest first" },
  { value: "date_asc", label: "Oldest first" },
  { value: "amount_desc", label: "Largest spending first" },
  { value: "amount_asc", label: "Largest income first" },
];

/** Plaid's personal finance primary categories (the filter's choices). */
export const CATEGORIES = [
  "INCOME",
  "TRANSFER_IN",
  "TRANSFER_OUT",
  "LOAN_PAYMENTS",
  "BANK_FEES",
  "ENTERTAINMENT",
  "FOOD_AND_DRINK",
  "GENERAL_MERCHANDISE",
  "HOME_IMPROVEMENT",
  "MEDICAL",
  "PERSONAL_CARE",
  "GENERAL_SERVICES",
  "GOVERNMENT_AND_NON_PROFIT",
  "TRANSPORTATION",
  "TRAVEL",
  "RENT_AND_UTILITIES",
] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAGNITUDE = /^\d{1,13}(\.\d{1,2})?$/;
/** "12.5" → 1250n: compares amounts exactly, without a float. */
const cents = (value: string) => {
  if (!MAGNITUDE.test(value)) return 0n;
  const [whole = "0", fraction = ""] = value.split(".");
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"));
};

/**
 * The explorer's state lives in the URL under the same names the server's filter schema and the
 * export route use. Values the server would refuse (a hand-edited link) are dropped here, so a
 * bad link shows everything instead of an error.
 */
export interface ExplorerState {
  filters: ExplorerFilters;
  after: string | null;
  before: string | null;
  /** Display only: which page of the walk this is (the cursor is what selects rows). */
  page: number;
}

const pick = <T extends string>(value: string | null, allowed: readonly T[]): T | undefined => (allowed.find((option) => option === value) ?? undefined);
const matching = (value: string | null, pattern: RegExp) => (value !== null && pattern.test(value) ? value : undefined);

export function readExplorerState(params: URLSearchParams): ExplorerState {
  const q = params.get("q")?.trim().slice(0, 100);
  let from = matching(params.get("from"), DATE);
  let to = matching(params.get("to"), DATE);
  if (from && to && from > to) [from, to] = [to, from];
  let min = matching(params.get("min")?.trim() ?? null, MAGNITUDE);
  let max = matching(params.get("max")?.trim() ?? null, MAGNITUDE);
  if (min && max && cents(min) > cents(max)) [min, max] = [max, min];
  const filters: ExplorerFilters = {
    q: q || undefined,
    bank: matching(params.get("bank"), UUID),
    account: matching(params.get("account"), UUID),
    // One of the user's categories (its id), or a Plaid primary from a link made before categories were editable.
    category: matching(params.get("category"), UUID) ?? pick(params.get("category"), CATEGORIES),
    from,
    to,
    min,
    max,
    status: pick(params.get("status"), ["pending", "posted"] as const),
    direction: pick(params.get("direction"), ["in", "out"] as const),
    sort: pick(params.get("sort"), SORT_OPTIONS.map((option) => option.value)) ?? "date_desc",
  };
  const page = Number(params.get("page"));
  return {
    filters,
    after: params.get("after")?.slice(0, 300) || null,
    before: params.get("after") ? null : params.get("before")?.slice(0, 300) || null,
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** Rows per page of the explorer. */
export const EXPLORER_PAGE_SIZE = 50;

/**
 * The explorer's three queries for a state: the client's hooks and the server page's prefetch use
 * exactly these inputs, so the prefetched data lands under the keys the hooks read.
 */
export const explorerInputs = (state: ExplorerState) => ({
  explore: { filters: state.filters, limit: EXPLORER_PAGE_SIZE, after: state.after, before: state.before },
  summary: { filters: state.filters },
});

/** The filters as a query string (no cursor): the page's first page, and the export's query. */
export function filtersQuery(filters: ExplorerFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || value === null || value === "") continue;
    if (key === "sort" && value === "date_desc") continue;
    params.set(key, String(value));
  }
  return params.toString();
}

/** The URL of another page of the same filtered list. */
export function pageQuery(filters: ExplorerFilters, cursor: { after: string } | { before: string }, page: number): string {
  const params = new URLSearchParams(filtersQuery(filters));
  if ("after" in cursor) params.set("after", cursor.after);
  else params.set("before", cursor.before);
  if (page > 1) params.set("page", String(page));
  return params.toString();
}

export const hasFilters = (filters: ExplorerFilters) => Object.entries(filters).some(([key, value]) => key !== "sort" && value !== undefined);
