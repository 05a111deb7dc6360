import type { Queryable } from "@/db/client";
import { readSpendingByCategory, type CategorySpending } from "./overview-categories";
import { readCashFlow, type CurrencyCashFlow } from "./overview-cash-flow";
import { readImportState, type ImportState } from "./overview-import-state";
import { readNetWorth, type NetWorth } from "./overview-net-worth";
import { monthRange } from "./overview-periods";

export interface Overview {
  /** YYYY-MM of "this month" and "last month" as the figures mean them (UTC). */
  thisMonth: string;
  lastMonth: string;
  netWorth: NetWorth[];
  cashFlow: CurrencyCashFlow[];
  categories: CategorySpending[];
  importState: ImportState;
}

/** Everything the overview page shows except the lists it shares with other pages. */
export async function readOverview(db: Queryable, userId: string, now: Date): Promise<Overview> {
  // Sequential on purpose: PGlite is one connection, and each read is one small indexed query.
  const netWorth = await readNetWorth(db, userId, now);
  const cashFlow = await readCashFlow(db, userId, now);
  const categories = await readSpendingByCategory(db, userId, now);
  const importState = await readImportState(db, userId);
  return { thisMonth: monthRange(now).month, lastMonth: monthRange(now, -1).month, netWorth, cashFlow, categories, importState };
}
